using System.Formats.Cbor;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Suit.Reports;

/// <summary>The deterministic encoding (RFC 8949 §4.2.1): definite lengths, shortest heads, map keys in bytewise order.
/// Hand-written: no library here encodes SUIT reports.</summary>
public sealed partial class SuitReport
{
    public byte[] Encode()
    {
        var map = new DeterministicMapWriter();
        map.AddEncoded(CoseLabel.Of(SuitReportKeys.Reference), EncodeReference(Reference));
        if (Nonce is { } nonce)
            map.Add(SuitReportKeys.Nonce, w => w.WriteByteString(nonce.Span));
        map.Add(SuitReportKeys.Records, w =>
        {
            w.WriteStartArray(Records.Count);
            foreach (var entry in Records)
                w.WriteEncodedValue(EncodeEntry(entry));
            w.WriteEndArray();
        });
        map.AddEncoded(SuitReportKeys.Result, Failure is { } failure ? EncodeFailure(failure) : SuitWriting.Encode(w => w.WriteBoolean(true)));
        if (EncodedCapabilityReport is { } capabilities)
            map.AddEncoded(SuitReportKeys.CapabilityReport, capabilities.Span);
        foreach (var (label, value) in Extensions)
            map.AddEncoded(label, value.Span);
        return map.Encode();
    }

    private static byte[] EncodeReference(SuitReference reference) => SuitWriting.Encode(w =>
    {
        w.WriteStartArray(reference.Uri is null ? 1 : 2);
        if (reference.Uri is { } uri)
            w.WriteTextString(uri);
        w.WriteEncodedValue(SuitEncoder.Digest(reference.Digest));
        w.WriteEndArray();
    });

    private static byte[] EncodeFailure(SuitReportFailure failure) => new DeterministicMapWriter()
        .Add(SuitReportKeys.ResultCode, w => w.WriteInt64(failure.Code))
        .AddEncoded(SuitReportKeys.ResultRecord, EncodeRecord(failure.Record))
        .Add(SuitReportKeys.ResultReason, w => w.WriteInt32((int)failure.Reason))
        .Encode();

    internal static byte[] EncodeEntry(SuitReportEntry entry) => entry switch
    {
        SuitRecord record => EncodeRecord(record),
        SuitSystemProperties claims => EncodeProperties(claims.Properties, claims.ComponentId),
        _ => throw new InvalidOperationException($"No encoding for {entry.GetType().Name}."),
    };

    private static byte[] EncodeRecord(SuitRecord record) => SuitWriting.Encode(w =>
    {
        w.WriteStartArray(5 + record.Extensions.Count);
        w.WriteStartArray(record.ManifestId.Count);
        foreach (var step in record.ManifestId)
            w.WriteUInt64(step);
        w.WriteEndArray();
        w.WriteInt64(record.Section);
        w.WriteUInt64(record.Offset);
        w.WriteUInt64(record.ComponentIndex);
        w.WriteEncodedValue(EncodeProperties(record.Properties, null));
        foreach (var extension in record.Extensions)
            w.WriteEncodedValue(extension.Span);
        w.WriteEndArray();
    });

    // {* $$SUIT_Parameters}, and with system-component-id (0) first for system-property-claims.
    private static byte[] EncodeProperties(SuitRecordProperties properties, IReadOnlyList<byte[]>? componentId)
    {
        var map = new DeterministicMapWriter();
        if (componentId is not null)
            map.AddEncoded(SuitReportKeys.SystemComponentId, SuitWriting.ByteStrings(componentId));
        foreach (var (key, value) in properties.Encoded)
            map.AddEncoded(CoseLabel.Of(key), value.Span);
        return map.Encode();
    }
}
