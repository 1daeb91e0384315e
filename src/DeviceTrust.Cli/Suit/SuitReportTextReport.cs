using DeviceTrust.Suit.Outline;
using DeviceTrust.Suit.Reports;
using static DeviceTrust.Cli.Suit.SuitReportDescriptions;

namespace DeviceTrust.Cli.Suit;

/// <summary>The readable report of <c>suit report</c>: reference, nonce, records, result, signature (and the --key
/// check), then the CBOR diagnostic notation of the report and of the COSE_Sign1 around it.</summary>
public static class SuitReportTextReport
{
    public static void Write(TextWriter output, SuitReportInspection inspection, SuitReportKeyCheck? check)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inspection);
        var report = inspection.Report;
        output.WriteLine($"SUIT report ({inspection.Length} bytes, {inspection.Wrapping}): "
            + (inspection.Signed is null ? "UNSIGNED, a bare SUIT_Report (nothing vouches for it)" : $"signed, COSE_Sign1_Tagged (tag {DeviceTrust.Cose.CoseTags.Sign1})"));
        if (report.Reference.Uri is { } uri)
            output.WriteLine($"  reference uri: {uri}");
        output.WriteLine($"  manifest digest: {SuitOutline.Digest(report.Reference.Digest)}");
        output.WriteLine($"  nonce: {(report.Nonce is { } nonce ? Hex(nonce) : "none")}");
        output.WriteLine($"  records: {report.Records.Count}");
        for (var i = 0; i < report.Records.Count; i++)
            WriteEntry(output, $"[{i}] ", report.Records[i], "    ");
        if (report.Failure is { } failure)
        {
            output.WriteLine($"  result: FAILED, {Reason(failure.Reason)}, code {failure.Code}");
            WriteEntry(output, "", failure.Record, "    ");
        }
        else
        {
            output.WriteLine("  result: success (true)");
        }
        output.WriteLine($"  signature: {inspection.Algorithm ?? "none (unsigned)"}");
        if (check is not null)
            output.WriteLine($"Verification with {check.KeyPath}: " + (check.Verified ? "VERIFIED" : $"NOT VERIFIED ({check.Reason})"));
        output.WriteLine("CBOR diagnostic notation of the SUIT_Report" + (inspection.Signed is null ? ":" : " (the COSE_Sign1 payload):"));
        output.WriteLine($"  {inspection.ReportDiagnostic}");
        if (inspection.MessageDiagnostic is { } message)
        {
            output.WriteLine("CBOR diagnostic notation of the COSE_Sign1:");
            output.WriteLine($"  {message}");
        }
    }

    private static void WriteEntry(TextWriter output, string prefix, SuitReportEntry entry, string indent)
    {
        var (head, properties) = entry switch
        {
            SuitRecord r => ($"record: section {Section(r)}, offset {r.Offset}, component {r.ComponentIndex}, manifest {ManifestId(r)}"
                + (r.Extensions.Count > 0 ? $", {r.Extensions.Count} extension(s)" : ""), r.Properties),
            SuitSystemProperties c => ($"system properties of component {SuitOutline.ComponentId(c.ComponentId)}", c.Properties),
            _ => (entry.GetType().Name, SuitRecordProperties.Empty),
        };
        output.WriteLine($"{indent}{prefix}{head}");
        foreach (var (name, value) in Properties(properties))
            output.WriteLine($"{indent}  {name}: {value}");
    }
}
