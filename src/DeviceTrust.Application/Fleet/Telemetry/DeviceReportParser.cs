using System.Text.Json;
using DeviceTrust.Domain;
using DeviceTrust.Domain.Devices;

namespace DeviceTrust.Application.Fleet.Telemetry;

/// <summary>
/// Reads the hub's JSON arguments strictly: every field present with the right JSON type, values within the
/// physical ranges the domain accepts. Anything else is a <see cref="MalformedReportException"/>.
/// The wire contract: ReportTelemetry {uptimeSeconds, temperatureCelsius, batteryPercent, signalDbm, measuredAt};
/// ReportFirmware {components: [{name, version}]}.
/// </summary>
public static class DeviceReportParser
{
    public static TelemetryReading ParseTelemetry(JsonElement message, DateTimeOffset receivedAt)
    {
        RequireObject(message, "telemetry");
        var measuredAt = message.TryGetProperty("measuredAt", out var m) && m.ValueKind == JsonValueKind.String && m.TryGetDateTimeOffset(out var at)
            ? at
            : throw new MalformedReportException("telemetry.measuredAt must be an ISO 8601 timestamp.");
        // A device clock far in the future is not trusted: it would sort ahead of every later sample.
        if (measuredAt > receivedAt.AddMinutes(5)) throw new MalformedReportException("telemetry.measuredAt is in the future.");
        try
        {
            return new TelemetryReading(
                Integer(message, "uptimeSeconds"), Number(message, "temperatureCelsius"), Number(message, "batteryPercent"),
                (int)Integer(message, "signalDbm"), measuredAt);
        }
        catch (DomainException e)
        {
            throw new MalformedReportException("telemetry: " + e.Message);
        }
    }

    public static IReadOnlyList<FirmwareComponent> ParseFirmware(JsonElement message)
    {
        RequireObject(message, "firmware");
        if (!message.TryGetProperty("components", out var list) || list.ValueKind != JsonValueKind.Array)
            throw new MalformedReportException("firmware.components must be an array.");
        if (list.GetArrayLength() is 0 or > 32) throw new MalformedReportException("firmware.components lists 1-32 components.");
        try
        {
            return list.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.Object
                    ? new FirmwareComponent(Text(c, "name"), Text(c, "version"))
                    : throw new MalformedReportException("firmware.components holds objects {name, version}."))
                .ToList();
        }
        catch (DomainException e)
        {
            throw new MalformedReportException("firmware: " + e.Message);
        }
    }

    private static void RequireObject(JsonElement message, string what)
    {
        if (message.ValueKind != JsonValueKind.Object) throw new MalformedReportException($"A {what} report is a JSON object, not {message.ValueKind}.");
    }

    private static long Integer(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)
            ? n
            : throw new MalformedReportException($"telemetry.{name} must be an integer.");

    private static double Number(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble()
            : throw new MalformedReportException($"telemetry.{name} must be a number.");

    private static string Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new MalformedReportException($"firmware component {name} must be a string.");
}
