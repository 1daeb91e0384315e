namespace DeviceTrust.Simulator.Telemetry;

/// <summary>
/// Produces plausible readings for one device. Deterministic for a given <see cref="Random"/> seed and clock, so a
/// fleet looks the same from run to run and tests can replay it. Each process advances by the time that really
/// elapsed since the previous reading, so the interval between readings does not change the statistics.
/// </summary>
public sealed class TelemetryModel
{
    // Enclosure temperature follows the surroundings with ~10 min lag and wanders ±0.6 °C around them.
    private const double TemperatureRelaxationSeconds = 600;
    private const double TemperatureSpread = 0.6;
    private const double SensorNoise = 0.05;
    private const double DailySwing = 4;
    private const double WarmestHourUtc = 15;

    // Drain is accelerated (days, not years) so a demo shows the charge cycle.
    private const double ChargeStartPercent = 15;
    private const double ChargeStopPercent = 95;
    private const double ChargePerHour = 25;

    private const double SignalFloorDbm = -110;
    private const double SignalCeilingDbm = -50;
    private const double SignalStepPerSqrtSecond = 0.3;

    private const double RebootsPerDay = 0.2;

    private readonly Random _random;
    private readonly TimeProvider _time;
    private readonly double _ambientMean;
    private readonly double _drainPerHour;

    private long _lastTimestamp;
    private double _uptimeSeconds;
    private double _temperature;
    private double _battery;
    private double _signal;
    private bool _charging;

    public TelemetryModel(Random random, TimeProvider timeProvider, bool mainsPowered = false)
    {
        _random = random;
        _time = timeProvider;
        MainsPowered = mainsPowered;

        _ambientMean = 18 + (8 * random.NextDouble());
        _drainPerHour = 0.5 + (1.5 * random.NextDouble());
        _uptimeSeconds = random.NextDouble() * TimeSpan.FromDays(7).TotalSeconds;
        _temperature = Ambient(timeProvider.GetUtcNow()) + (TemperatureSpread * NextGaussian());
        _battery = mainsPowered ? 100 : 30 + (70 * random.NextDouble());
        _signal = SignalFloorDbm + ((SignalCeilingDbm - SignalFloorDbm) * random.NextDouble());
        _lastTimestamp = timeProvider.GetTimestamp();
    }

    public bool MainsPowered { get; }

    public int Reboots { get; private set; }

    /// <summary>Advances the model to the current time and returns the reading a sensor would take now.</summary>
    public TelemetryReport Next()
    {
        var now = _time.GetTimestamp();
        var dt = Math.Max(0, _time.GetElapsedTime(_lastTimestamp, now).TotalSeconds);
        _lastTimestamp = now;
        var measuredAt = _time.GetUtcNow();

        _uptimeSeconds += dt;
        if (dt > 0 && _random.NextDouble() < 1 - Math.Exp(-RebootsPerDay * dt / 86_400))
        {
            Reboot();
        }

        AdvanceTemperature(dt, measuredAt);
        AdvanceBattery(dt);
        AdvanceSignal(dt);

        var reading = _temperature + (SensorNoise * NextGaussian());
        return new TelemetryReport(
            UptimeSeconds: (long)_uptimeSeconds,
            TemperatureCelsius: Math.Round(Math.Clamp(reading, -100, 200), 2),
            BatteryPercent: Math.Round(Math.Clamp(_battery, 0, 100), 1),
            SignalDbm: (int)Math.Round(_signal),
            MeasuredAt: measuredAt);
    }

    /// <summary>Simulates a restart: uptime starts again from zero.</summary>
    public void Reboot()
    {
        _uptimeSeconds = 0;
        Reboots++;
    }

    private double Ambient(DateTimeOffset at)
    {
        var hour = at.UtcDateTime.TimeOfDay.TotalHours;
        return _ambientMean + (DailySwing * Math.Cos(2 * Math.PI * (hour - WarmestHourUtc) / 24));
    }

    // Exact Ornstein-Uhlenbeck transition, so it stays stable for any step length (intervals go up to an hour).
    private void AdvanceTemperature(double dt, DateTimeOffset at)
    {
        var mean = Ambient(at);
        var decay = Math.Exp(-dt / TemperatureRelaxationSeconds);
        var spread = TemperatureSpread * Math.Sqrt(1 - (decay * decay));
        _temperature = mean + ((_temperature - mean) * decay) + (spread * NextGaussian());
    }

    private void AdvanceBattery(double dt)
    {
        if (MainsPowered)
        {
            _battery = 100;
            return;
        }

        var hours = dt / 3600;
        _battery += _charging ? ChargePerHour * hours : -_drainPerHour * hours;
        if (_charging && _battery >= ChargeStopPercent)
        {
            _charging = false;
        }
        else if (!_charging && _battery <= ChargeStartPercent)
        {
            _charging = true;
        }

        _battery = Math.Clamp(_battery, 0, 100);
    }

    // Random walk reflected at the bounds, so values do not pile up at the edges as clamping alone would do.
    private void AdvanceSignal(double dt)
    {
        var next = _signal + (SignalStepPerSqrtSecond * Math.Sqrt(dt) * NextGaussian());
        if (next > SignalCeilingDbm)
        {
            next = (2 * SignalCeilingDbm) - next;
        }
        else if (next < SignalFloorDbm)
        {
            next = (2 * SignalFloorDbm) - next;
        }

        _signal = Math.Clamp(next, SignalFloorDbm, SignalCeilingDbm);
    }

    // Box-Muller: Random has no Gaussian sampler.
    private double NextGaussian()
    {
        var u1 = 1 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
