namespace DeviceTrust.Domain.Devices;

/// <summary>One telemetry sample as a device reported it. Ranges are physical limits, not alarms.</summary>
public sealed record TelemetryReading
{
    public TelemetryReading(long uptimeSeconds, double temperatureCelsius, double batteryPercent, int signalDbm, DateTimeOffset measuredAt)
    {
        if (uptimeSeconds < 0) throw new DomainException("Uptime cannot be negative.");
        if (!double.IsFinite(temperatureCelsius) || temperatureCelsius is < -100 or > 200)
            throw new DomainException("Temperature must be between -100 and 200 °C.");
        if (!double.IsFinite(batteryPercent) || batteryPercent is < 0 or > 100)
            throw new DomainException("Battery must be between 0 and 100 %.");
        if (signalDbm is < -150 or > 0) throw new DomainException("Signal must be between -150 and 0 dBm.");
        UptimeSeconds = uptimeSeconds;
        TemperatureCelsius = temperatureCelsius;
        BatteryPercent = batteryPercent;
        SignalDbm = signalDbm;
        MeasuredAt = measuredAt;
    }

    public long UptimeSeconds { get; }
    public double TemperatureCelsius { get; }
    public double BatteryPercent { get; }
    public int SignalDbm { get; }
    public DateTimeOffset MeasuredAt { get; }
}
