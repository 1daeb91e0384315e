namespace DeviceTrust.Domain.Devices;

/// <summary>A stored point of a device's telemetry history (append-only).</summary>
public sealed class TelemetrySample
{
    private TelemetrySample() { }

    public long Id { get; private set; }
    public Guid DeviceId { get; private set; }
    public DateTimeOffset MeasuredAt { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }
    public long UptimeSeconds { get; private set; }
    public double TemperatureCelsius { get; private set; }
    public double BatteryPercent { get; private set; }
    public int SignalDbm { get; private set; }

    public static TelemetrySample From(Guid deviceId, TelemetryReading reading, DateTimeOffset receivedAt) => new()
    {
        DeviceId = deviceId,
        MeasuredAt = reading.MeasuredAt,
        ReceivedAt = receivedAt,
        UptimeSeconds = reading.UptimeSeconds,
        TemperatureCelsius = reading.TemperatureCelsius,
        BatteryPercent = reading.BatteryPercent,
        SignalDbm = reading.SignalDbm,
    };
}
