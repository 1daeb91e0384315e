using DeviceTrust.Simulator.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace DeviceTrust.Simulator.Tests.Telemetry;

public sealed class TelemetryModelTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, false, 2)]
    [InlineData(2, true, 2)]
    [InlineData(3, false, 3600)]
    [InlineData(4, false, 0.05)]
    public void Next_ManySteps_StaysWithinPhysicalRanges(int seed, bool mainsPowered, double stepSeconds)
    {
        var clock = new FakeTimeProvider(Start);
        var model = new TelemetryModel(new Random(seed), clock, mainsPowered);

        for (var i = 0; i < 20_000; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(stepSeconds));
            var reading = model.Next();

            Assert.InRange(reading.TemperatureCelsius, -100, 200);
            Assert.InRange(reading.BatteryPercent, 0, 100);
            Assert.InRange(reading.SignalDbm, -110, -50);
            Assert.True(reading.UptimeSeconds >= 0);
            Assert.Equal(clock.GetUtcNow(), reading.MeasuredAt);
        }
    }

    [Fact]
    public void Next_SameSeedAndClock_ProducesSameReadings()
    {
        var first = Readings(seed: 42);
        var second = Readings(seed: 42);
        var other = Readings(seed: 43);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Next_TimeAdvances_UptimeIncreasesByElapsedTime()
    {
        var clock = new FakeTimeProvider(Start);
        var model = new TelemetryModel(new Random(7), clock);
        var before = model.Next().UptimeSeconds;

        clock.Advance(TimeSpan.FromSeconds(10));
        var after = model.Next();

        Assert.InRange(after.UptimeSeconds - before, 9, 11);
    }

    [Fact]
    public void Reboot_AfterwardsUptime_StartsFromZero()
    {
        var clock = new FakeTimeProvider(Start);
        var model = new TelemetryModel(new Random(7), clock);
        clock.Advance(TimeSpan.FromMinutes(5));
        model.Next();

        model.Reboot();
        clock.Advance(TimeSpan.FromSeconds(30));
        var reading = model.Next();

        Assert.Equal(1, model.Reboots);
        Assert.InRange(reading.UptimeSeconds, 29, 31);
    }

    [Fact]
    public void Next_MainsPowered_ReportsFullBattery()
    {
        var clock = new FakeTimeProvider(Start);
        var model = new TelemetryModel(new Random(5), clock, mainsPowered: true);

        for (var i = 0; i < 100; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(30));
            Assert.Equal(100, model.Next().BatteryPercent);
        }
    }

    [Fact]
    public void Next_BatteryPowered_DrainsOverHours()
    {
        var clock = new FakeTimeProvider(Start);
        var model = new TelemetryModel(new Random(5), clock);
        var first = model.Next().BatteryPercent;

        clock.Advance(TimeSpan.FromHours(2));
        var later = model.Next().BatteryPercent;

        Assert.True(later < first, $"battery went from {first} to {later}");
    }

    [Fact]
    public void Next_OverADay_TemperatureFollowsAmbientCycle()
    {
        var clock = new FakeTimeProvider(Start);
        var model = new TelemetryModel(new Random(11), clock);
        var byHour = new double[24];
        for (var minute = 0; minute < 24 * 60; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            byHour[clock.GetUtcNow().Hour] += model.Next().TemperatureCelsius / 60;
        }

        // Afternoon (around 15:00 UTC) is warmer than the small hours (around 03:00 UTC).
        Assert.True(byHour[15] > byHour[3] + 4, $"15h {byHour[15]:F1} °C vs 3h {byHour[3]:F1} °C");
    }

    private static List<TelemetryReport> Readings(int seed)
    {
        var clock = new FakeTimeProvider(Start);
        var model = new TelemetryModel(new Random(seed), clock);
        var readings = new List<TelemetryReport>();
        for (var i = 0; i < 500; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(2));
            readings.Add(model.Next());
        }

        return readings;
    }
}
