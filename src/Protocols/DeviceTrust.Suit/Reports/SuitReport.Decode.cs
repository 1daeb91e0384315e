using System.Formats.Cbor;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Suit.Reports;

/// <summary>The strict decoder: deterministic CBOR (as SUIT requires of what it signs), every required member present,
/// every known member of its CDDL type, all or nothing; errors are <see cref="SuitFormatException"/> naming where.</summary>
public sealed partial class SuitReport
{
    private const string Where = "SUIT_Report";

    /// <exception cref="SuitFormatException">The input is not a well-formed, deterministically encoded SUIT_Report.</exception>
    public static SuitReport Decode(ReadOnlySpan<byte> encoded)
    {
        var copy = encoded.ToArray();
        return SuitFormatException.Guard(Where, () => SuitReading.Decode(copy, Where, Read));
    }

    private static SuitReport Read(CborReader reader)
    {
        SuitReference? reference = null;
        ReadOnlyMemory<byte>? nonce = null, capabilities = null;
        List<SuitReportEntry>? records = null;
        (bool Seen, SuitReportFailure? Failure) result = default;
        var extensions = new Dictionary<CoseLabel, ReadOnlyMemory<byte>>();
        var entries = CborMapEntries.Start(reader, Where);
        while (entries.Next(out var label))
        {
            var path = SuitReading.PathOf(Where, label, SuitReportKeys.Name);
            switch (label.Integer)
            {
                case SuitReportKeys.Reference:
                    reference = entries.ReadValue(ReadReference, path);
                    break;
                case SuitReportKeys.Nonce:
                    nonce = entries.ReadValue(SuitReading.Bytes, path);
                    break;
                case SuitReportKeys.Records:
                    records = entries.ReadValue((r, p) => SuitReading.Array(r, p, 0, ReadEntry), path);
                    break;
                case SuitReportKeys.Result:
                    result = (true, entries.ReadValue(ReadResult, path));
                    break;
                case SuitReportKeys.CapabilityReport:
                    capabilities = entries.ReadValue((r, p) =>
                    {
                        SuitReading.Expect(r, CborReaderState.StartMap, p, "a SUIT_Capability_Report map");
                        return r.ReadEncodedValue();
                    }, path);
                    break;
                default:
                    extensions.Add(label, entries.ReadEncodedValue(path));
                    break;
            }
        }
        if (reference is null)
            throw Missing(SuitReportKeys.Reference);
        if (records is null)
            throw Missing(SuitReportKeys.Records);
        if (!result.Seen)
            throw Missing(SuitReportKeys.Result);
        return new SuitReport(reference, records, result.Failure) { Nonce = nonce, EncodedCapabilityReport = capabilities, Extensions = extensions };
    }

    private static SuitFormatException Missing(int key) => SuitReading.Fail(Where, $"{key} ({SuitReportKeys.Name(key)}) is missing");

    // SUIT_Reference = [ ? suit-report-manifest-uri : tstr, suit-report-manifest-digest : SUIT_Digest ]
    private static SuitReference ReadReference(CborReader reader, string where)
    {
        SuitReading.Expect(reader, CborReaderState.StartArray, where, "a SUIT_Reference array");
        reader.ReadStartArray();
        var uri = reader.PeekState() == CborReaderState.TextString ? SuitReading.Text(reader, $"{where}/0 (manifest-uri)") : null;
        var digest = SuitDigest.Read(reader, $"{where}/{(uri is null ? 0 : 1)} (manifest-digest)");
        SuitReading.Expect(reader, CborReaderState.EndArray, where, "the end of SUIT_Reference after the digest");
        reader.ReadEndArray();
        return new SuitReference(uri, digest);
    }

    // true / { suit-report-result-code => int, suit-report-result-record => SUIT_Record, suit-report-result-reason => SUIT_Report_Reasons }
    private static SuitReportFailure? ReadResult(CborReader reader, string where)
    {
        if (reader.PeekState() == CborReaderState.Boolean)
        {
            return SuitReading.Boolean(reader, where) ? null
                : throw SuitReading.Fail(where, "the result is true or a map of code, record and reason, not false");
        }
        long? code = null;
        SuitRecord? record = null;
        SuitReportReason? reason = null;
        var entries = CborMapEntries.Start(reader, where,
            CborMapOptions.Closed(SuitReportKeys.ResultCode, SuitReportKeys.ResultRecord, SuitReportKeys.ResultReason));
        while (entries.Next(out var label))
        {
            var path = SuitReading.PathOf(where, label, SuitReportKeys.Name);
            switch (label.Integer)
            {
                case SuitReportKeys.ResultCode:
                    code = entries.ReadValue(SuitReading.Integer, path);
                    break;
                case SuitReportKeys.ResultRecord:
                    record = entries.ReadValue(SuitReportEntries.ReadRecord, path);
                    break;
                default:
                    reason = entries.ReadValue(ReadReason, path);
                    break;
            }
        }
        if (code is null || record is null || reason is null)
            throw SuitReading.Fail(where, $"a failed result holds code ({SuitReportKeys.ResultCode}), record ({SuitReportKeys.ResultRecord}) and reason ({SuitReportKeys.ResultReason})");
        return new SuitReportFailure(code.Value, record, reason.Value);
    }

    private static SuitReportReason ReadReason(CborReader reader, string where)
    {
        var value = SuitReading.Integer(reader, where);
        return value is >= int.MinValue and <= int.MaxValue && Enum.IsDefined((SuitReportReason)(int)value)
            ? (SuitReportReason)(int)value
            : throw SuitReading.Fail(where, $"{value} is not a SUIT_Report_Reasons value");
    }

    // SUIT_Record (an array) / system-property-claims (a map)
    private static SuitReportEntry ReadEntry(CborReader reader, string where) => reader.PeekState() switch
    {
        CborReaderState.StartArray => SuitReportEntries.ReadRecord(reader, where),
        CborReaderState.StartMap => SuitReportEntries.ReadClaims(reader, where),
        var other => throw SuitReading.Fail(where, $"a record (array) or system-property-claims (map) expected, found {StrictCbor.Describe(other)}"),
    };
}
