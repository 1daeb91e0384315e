using System.Text.Json;
using DeviceTrust.Cli.Attestation;
using DeviceTrust.Suit.Outline;
using DeviceTrust.Suit.Reports;
using static DeviceTrust.Cli.Suit.SuitReportDescriptions;

namespace DeviceTrust.Cli.Suit;

/// <summary>
/// The <c>--json</c> report of <c>suit report</c>: encoding, length, signed; reference {uri, digestAlgorithm, digest
/// (hex)}; nonce (hex or null); records (each {kind "record" or "system-properties", ..., properties by parameter
/// name}); result {success, and for a failure reason, reasonName, code, record}; signature (null when unsigned, else
/// {alg, verified: null without --key}); the diagnostic notation of the report and of the COSE_Sign1.
/// </summary>
public static class SuitReportJsonReport
{
    public static void Write(TextWriter output, SuitReportInspection inspection, SuitReportKeyCheck? check)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inspection);
        var report = inspection.Report;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, EatJsonReport.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("encoding", inspection.Wrapping);
            writer.WriteNumber("length", inspection.Length);
            writer.WriteBoolean("signed", inspection.Signed is not null);
            writer.WriteStartObject("reference");
            writer.WriteString("uri", report.Reference.Uri);
            writer.WriteString("digestAlgorithm", DigestAlgorithm(report.Reference.Digest));
            writer.WriteString("digest", Hex(report.Reference.Digest.Bytes));
            writer.WriteEndObject();
            writer.WriteString("nonce", report.Nonce is { } nonce ? Hex(nonce) : null);
            writer.WriteStartArray("records");
            foreach (var entry in report.Records)
                WriteEntry(writer, entry);
            writer.WriteEndArray();
            WriteResult(writer, report.Failure);
            WriteSignature(writer, inspection, check);
            writer.WriteString("diagnostic", inspection.ReportDiagnostic);
            writer.WriteString("messageDiagnostic", inspection.MessageDiagnostic);
            writer.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteResult(Utf8JsonWriter writer, SuitReportFailure? failure)
    {
        writer.WriteStartObject("result");
        writer.WriteBoolean("success", failure is null);
        if (failure is not null)
        {
            writer.WriteNumber("reason", (int)failure.Reason);
            writer.WriteString("reasonName", ReasonName(failure.Reason));
            writer.WriteNumber("code", failure.Code);
            writer.WritePropertyName("record");
            WriteEntry(writer, failure.Record);
        }
        writer.WriteEndObject();
    }

    private static void WriteSignature(Utf8JsonWriter writer, SuitReportInspection inspection, SuitReportKeyCheck? check)
    {
        if (inspection.Algorithm is not { } algorithm)
        {
            writer.WriteNull("signature");
            return;
        }
        writer.WriteStartObject("signature");
        writer.WriteString("alg", algorithm);
        if (check is null)
            writer.WriteNull("verified");
        else
            writer.WriteBoolean("verified", check.Verified);
        writer.WriteEndObject();
    }

    private static void WriteEntry(Utf8JsonWriter writer, SuitReportEntry entry)
    {
        writer.WriteStartObject();
        switch (entry)
        {
            case SuitRecord record:
                writer.WriteString("kind", "record");
                writer.WriteStartArray("manifestId");
                foreach (var step in record.ManifestId)
                    writer.WriteNumberValue(step);
                writer.WriteEndArray();
                writer.WriteNumber("section", record.Section);
                writer.WriteString("sectionName", record.SectionName);
                writer.WriteNumber("offset", record.Offset);
                writer.WriteNumber("componentIndex", record.ComponentIndex);
                WriteProperties(writer, record.Properties);
                break;
            case SuitSystemProperties claims:
                writer.WriteString("kind", "system-properties");
                writer.WriteString("componentId", SuitOutline.ComponentId(claims.ComponentId));
                WriteProperties(writer, claims.Properties);
                break;
        }
        writer.WriteEndObject();
    }

    private static void WriteProperties(Utf8JsonWriter writer, SuitRecordProperties properties)
    {
        writer.WriteStartObject("properties");
        foreach (var (name, value) in Properties(properties))
            writer.WriteString(name, value);
        writer.WriteEndObject();
    }
}
