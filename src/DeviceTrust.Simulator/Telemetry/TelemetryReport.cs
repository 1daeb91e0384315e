namespace DeviceTrust.Simulator.Telemetry;

/// <summary>
/// Argument of the <c>ReportTelemetry</c> hub invocation. Serialized camelCase; the server accepts temperature
/// -100..200 °C, battery 0..100 %, signal -150..0 dBm and uptime &gt;= 0.
/// </summary>
public sealed record TelemetryReport(
    long UptimeSeconds,
    double TemperatureCelsius,
    double BatteryPercent,
    int SignalDbm,
    DateTimeOffset MeasuredAt);

/// <summary>Argument of the <c>ReportFirmware</c> hub invocation, sent once after every (re)connect.</summary>
public sealed record FirmwareReport(IReadOnlyList<FirmwareComponentSpec> Components);
