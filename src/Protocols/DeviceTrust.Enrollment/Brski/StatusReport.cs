using System.Text.Json;
using System.Text.Unicode;

namespace DeviceTrust.Enrollment.Brski;

/// <summary>
/// The pledge's status telemetry (RFC 8995 5.7 voucher_status, 5.9.4 enrollstatus):
/// <code>{"version": 1, "status": true|false, "reason": "...", "reason-context": { ... }}</code>
/// status is required; reason and reason-context are optional. Version 1 is accepted as a number or the string "1",
/// as deployed pledges send both.
/// </summary>
public sealed record StatusReport(bool Status, string? Reason, string? ReasonContextJson)
{
    public const int MaxBytes = 16 * 1024;
    private const string Where = "BRSKI status telemetry";

    public static StatusReport Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxBytes) throw new EnrollmentFormatException($"body is larger than {MaxBytes} bytes", Where);
        // JsonDocument defers UTF-8 checks of strings to GetString, which would throw InvalidOperationException (RFC 8259 8.1).
        if (!Utf8.IsValid(utf8Json)) throw new EnrollmentFormatException("not JSON (invalid UTF-8)", Where);
        JsonDocument document;
        try
        {
            // A report saying both true and false is ambiguous: duplicate members are refused, not last-wins.
            document = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new EnrollmentFormatException($"not JSON ({e.Message})", Where, e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new EnrollmentFormatException("the body is not a JSON object", Where);
            if (!root.TryGetProperty("version", out var version)
                || !(version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var v) && v == 1
                     || version.ValueKind == JsonValueKind.String && Text(version, "version") == "1"))
                throw new EnrollmentFormatException("\"version\" must be 1", Where);
            if (!root.TryGetProperty("status", out var status) || status.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                throw new EnrollmentFormatException("\"status\" is required and must be true or false", Where);
            string? reason = null;
            if (root.TryGetProperty("reason", out var r))
            {
                if (r.ValueKind != JsonValueKind.String) throw new EnrollmentFormatException("\"reason\" must be a string", Where);
                reason = Text(r, "reason");
            }
            string? context = null;
            if (root.TryGetProperty("reason-context", out var c))
            {
                if (c.ValueKind != JsonValueKind.Object) throw new EnrollmentFormatException("\"reason-context\" must be an object", Where);
                context = c.GetRawText();
            }
            return new StatusReport(status.GetBoolean(), reason, context);
        }
    }

    // GetString throws InvalidOperationException for an escape that is not valid UTF-16, such as a lone "\ud800".
    private static string? Text(JsonElement value, string member)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException e)
        {
            throw new EnrollmentFormatException($"\"{member}\" is not valid text ({e.Message})", Where, e);
        }
    }

    public byte[] ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", 1);
            writer.WriteBoolean("status", Status);
            if (Reason is not null) writer.WriteString("reason", Reason);
            if (ReasonContextJson is not null)
            {
                writer.WritePropertyName("reason-context");
                using var context = JsonDocument.Parse(ReasonContextJson);
                context.RootElement.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }
}
