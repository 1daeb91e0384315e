using DeviceTrust.Domain.Devices;

namespace DeviceTrust.Domain.Tests.Devices;

public sealed class TelemetryReadingTests
{
    [Theory]
    [InlineData(0, -100, 0, -150)]
    [InlineData(long.MaxValue, 200, 100, 0)]
    [InlineData(3600, 21.5, 50, -70)]
    public void Constructor_ValuesWithinPhysicalLimits_Accepted(long uptime, double temperature, double battery, int signal)
    {
        var reading = new TelemetryReading(uptime, temperature, battery, signal, TestDevices.Now);

        Assert.Equal(uptime, reading.UptimeSeconds);
        Assert.Equal(temperature, reading.TemperatureCelsius);
        Assert.Equal(battery, reading.BatteryPercent);
        Assert.Equal(signal, reading.SignalDbm);
        Assert.Equal(TestDevices.Now, reading.MeasuredAt);
    }

    [Theory]
    [InlineData(-1, 20, 50, -70)]
    [InlineData(0, -100.01, 50, -70)]
    [InlineData(0, 200.01, 50, -70)]
    [InlineData(0, double.NaN, 50, -70)]
    [InlineData(0, double.PositiveInfinity, 50, -70)]
    [InlineData(0, 20, -0.01, -70)]
    [InlineData(0, 20, 100.01, -70)]
    [InlineData(0, 20, double.NaN, -70)]
    [InlineData(0, 20, 50, -151)]
    [InlineData(0, 20, 50, 1)]
    public void Constructor_ValueOutOfRange_Throws(long uptime, double temperature, double battery, int signal)
    {
        Assert.Throws<DomainException>(() => new TelemetryReading(uptime, temperature, battery, signal, TestDevices.Now));
    }
}
