using DeviceTrust.Simulator.Device;

namespace DeviceTrust.Simulator.Tests.Updates;

/// <summary>The update faults as <see cref="FaultInjection"/> validates and classifies them.</summary>
public sealed class UpdateFaultsTests
{
    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Validate_InstallFailureRateNotAProbability_NamesIt(double rate)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new FaultInjection { InstallFailureRate = rate }.Validate());

        Assert.Equal(nameof(FaultInjection.InstallFailureRate), error.ParamName);
    }

    [Fact]
    public void AffectsUpdates_EachUpdateFault_IsTrue()
    {
        Assert.False(FaultInjection.None.AffectsUpdates);
        Assert.All(new[]
        {
            new FaultInjection { InstallFailureRate = 0.5 }, new FaultInjection { CorruptDownload = true }, new FaultInjection { WrongClass = true },
            new FaultInjection { OfflineMidUpdate = true }, new FaultInjection { AheadSequenceNumber = true },
            new FaultInjection { ContraindicatedAfterInstall = true },
        }, faults => Assert.True(faults.AffectsUpdates));
    }
}
