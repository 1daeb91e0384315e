using System.Formats.Cbor;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Suit.Reports;

/// <summary>Strict reads of the entries of suit-report-records: SUIT_Record and system-property-claims, and the
/// SUIT_Parameters map both carry, each known parameter checked against its CDDL type.</summary>
internal static class SuitReportEntries
{
    private const int RecordItems = 5;

    // SUIT_Record = [ manifest-id : [* uint], section : int, offset : uint, component-index : uint,
    //                 properties : {*$$SUIT_Parameters}, * $$SUIT_Record_Extensions ]
    public static SuitRecord ReadRecord(CborReader reader, string where)
    {
        SuitReading.Expect(reader, CborReaderState.StartArray, where, "a SUIT_Record array");
        var count = reader.ReadStartArray();
        if (count is < RecordItems)
            throw SuitReading.Fail(where, $"a SUIT_Record has at least {RecordItems} items, found {count}");
        var manifestId = SuitReading.Array(reader, $"{where}/0 (manifest-id)", 0, SuitReading.UnsignedInteger);
        var section = SuitReading.Integer(reader, $"{where}/1 (manifest-section)");
        var offset = SuitReading.UnsignedInteger(reader, $"{where}/2 (section-offset)");
        var component = SuitReading.UnsignedInteger(reader, $"{where}/3 (component-index)");
        var properties = ReadProperties(reader, $"{where}/4 (properties)", claims: false).Properties;
        var extensions = new List<ReadOnlyMemory<byte>>();
        while (reader.PeekState() != CborReaderState.EndArray)
            extensions.Add(reader.ReadEncodedValue());
        reader.ReadEndArray();
        return new SuitRecord(manifestId, section, offset, component, properties) { Extensions = extensions };
    }

    // system-property-claims = { system-component-id => SUIT_Component_Identifier, + $$SUIT_Parameters }
    public static SuitSystemProperties ReadClaims(CborReader reader, string where)
    {
        var (componentId, properties) = ReadProperties(reader, where, claims: true);
        if (componentId is null)
            throw SuitReading.Fail(where, $"system-property-claims name their component ({SuitReportKeys.SystemComponentId}, system-component-id)");
        if (properties.Count == 0)
            throw SuitReading.Fail(where, "system-property-claims hold at least one parameter");
        return new SuitSystemProperties(componentId, properties);
    }

    private static (IReadOnlyList<byte[]>? ComponentId, SuitRecordProperties Properties) ReadProperties(CborReader reader, string where, bool claims)
    {
        IReadOnlyList<byte[]>? componentId = null;
        var properties = SuitRecordProperties.Empty;
        var entries = CborMapEntries.Start(reader, where);
        while (entries.Next(out var label))
        {
            if (label.Integer is not { } key)
                throw SuitReading.Fail(where, $"SUIT_Parameters keys are integers, found {label}");
            var path = SuitReading.PathOf(where, key, claims ? SuitReportKeys.SystemPropertyName(key) : SuitParameterKeys.Name(key));
            if (claims && key == SuitReportKeys.SystemComponentId)
            {
                componentId = entries.ReadValue((r, p) => SuitReading.Array(r, p, 0, SuitReading.Bytes), path);
                continue;
            }
            var encoded = entries.ReadEncodedValue(path);
            SuitReading.Decode(encoded, path, r => CheckParameter(r, key, path));
            properties = properties.WithEncoded(key, encoded);
        }
        return (componentId, properties);
    }

    // The CDDL type of each parameter this library knows (SuitParameters); others are kept as they are.
    private static bool CheckParameter(CborReader reader, long key, string where)
    {
        switch (key)
        {
            case SuitParameterKeys.VendorId when reader.PeekState() == CborReaderState.Tag:
                if ((ulong)reader.ReadTag() != SuitTags.PrivateEnterpriseNumber)
                    throw SuitReading.Fail(where, $"a vendor id is a UUID or tag {SuitTags.PrivateEnterpriseNumber} (cbor-pen)");
                SuitReading.Bytes(reader, where);
                break;
            case SuitParameterKeys.ImageDigest:
                SuitReading.Wrapped(reader, where, SuitDigest.Read);
                break;
            case SuitParameterKeys.ComponentSlot or SuitParameterKeys.ImageSize or SuitParameterKeys.SourceComponent:
                SuitReading.UnsignedInteger(reader, where);
                break;
            case SuitParameterKeys.StrictOrder or SuitParameterKeys.SoftFailure:
                SuitReading.Boolean(reader, where);
                break;
            case SuitParameterKeys.Uri:
                SuitReading.Text(reader, where);
                break;
            case var _ when SuitParameterKeys.IsKnown(key):
                SuitReading.Bytes(reader, where);
                break;
            default:
                reader.SkipValue();
                break;
        }
        return true;
    }
}
