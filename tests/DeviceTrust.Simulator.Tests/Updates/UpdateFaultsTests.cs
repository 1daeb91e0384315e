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
}
