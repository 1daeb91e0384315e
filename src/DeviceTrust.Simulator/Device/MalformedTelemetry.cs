using DeviceTrust.Simulator.Telemetry;

namespace DeviceTrust.Simulator.Device;

/// <summary>The kinds of broken <c>ReportTelemetry</c> arguments a buggy or hostile device might send.</summary>
internal static class MalformedTelemetry
{
    public static object? Pick(TelemetryReport reading, int variant) => (variant % 4) switch
    {
        0 => "temperature=21.5;battery=80",
        1 => reading with
        {
            UptimeSeconds = -1,
            TemperatureCelsius = 999.9,
            BatteryPercent = -20,
            SignalDbm = 30,
        },
        2 => new { uptimeSeconds = "soon", temperatureCelsius = "hot", batteryPercent = true, signalDbm = new[] { 1 } },
        _ => null,
    };
}
