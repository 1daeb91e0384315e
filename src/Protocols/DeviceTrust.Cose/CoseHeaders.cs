using System.Formats.Cbor;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cose;

/// <summary>
/// One decoded header bucket (read-only), a labelled map of the strict core. Values are kept as their encoded CBOR
/// and read through typed accessors.
/// <code>
/// header_map = { Generic_Headers, * label => values }                        ; RFC 9052 §3
/// empty_or_serialized_map = bstr .cbor header_map / bstr .size 0            ; RFC 9052 §3
/// </code>
/// </summary>
public sealed class CoseHeaders
{
    private readonly CborLabelledMap _map;

    private CoseHeaders(CborLabelledMap map) => _map = map;

    /// <summary>Where the bucket sits, used in error messages ("COSE_Sign1[0] protected header").</summary>
    public string Location => _map.Where;

    public int Count => _map.Count;

    public IEnumerable<CoseLabel> Labels => _map.Labels;

    public bool Contains(CoseLabel label) => _map.Contains(label);

    public bool TryGetEncodedValue(CoseLabel label, out ReadOnlyMemory<byte> encodedValue) =>
        _map.TryGetEncodedValue(label, out encodedValue);

    /// <summary>A bstr value such as <c>kid</c>; null when absent; CoseFormatException when not a bstr.</summary>
    public byte[]? GetByteString(CoseLabel label)
    {
        if (!Contains(label))
            return null;
        return Read(label, (reader, where) =>
        {
            StrictCbor.ExpectState(reader, CborReaderState.ByteString, where, "a byte string");
            return reader.ReadByteString();
        });
    }

    /// <summary>A tstr value such as <c>typ</c> (RFC 9596); null when absent; CoseFormatException when not a tstr.</summary>
    public string? GetText(CoseLabel label)
    {
        if (!Contains(label))
            return null;
        return Read(label, (reader, where) =>
        {
            StrictCbor.ExpectState(reader, CborReaderState.TextString, where, "a text string");
            return reader.ReadTextString();
        });
    }

    /// <summary>
    /// The DER certificates of an x5bag or x5chain parameter, in order; empty when absent.
    /// <c>COSE_X509 = bstr / [ 2*certs: bstr ]</c> (RFC 9360 §2).
    /// </summary>
    public IReadOnlyList<byte[]> GetCertificates(CoseLabel label)
    {
        if (!Contains(label))
            return [];
        return Read(label, (reader, where) =>
        {
            if (reader.PeekState() == CborReaderState.ByteString)
                return (IReadOnlyList<byte[]>)[reader.ReadByteString()];
            StrictCbor.ExpectState(reader, CborReaderState.StartArray, where, "a byte string or an array of byte strings");
            var certificates = new List<byte[]>();
            reader.ReadStartArray();
            while (reader.PeekState() != CborReaderState.EndArray)
            {
                StrictCbor.ExpectState(reader, CborReaderState.ByteString, where, "a certificate byte string");
                certificates.Add(reader.ReadByteString());
            }
            reader.ReadEndArray();
            if (certificates.Count < 2)
                throw new CoseFormatException(where, "an array of certificates must hold at least two (RFC 9360 §2); one goes as a bare bstr");
            return certificates;
        });
    }

    internal static CoseHeaders Empty(string location) => new(CborLabelledMap.Empty(location));

    /// <summary>Decodes the content of the protected bstr: empty, or exactly one header map (RFC 9052 §3).</summary>
    internal static CoseHeaders DecodeProtected(ReadOnlyMemory<byte> content, string location) =>
        content.IsEmpty ? Empty(location) : new(CborLabelledMap.Decode(content, location));

    internal static CoseHeaders Read(CborReader reader, string location) => new(CborLabelledMap.Read(reader, location));

    /// <summary>Reads one value at "{Location} label {label}", the location form this library has always reported.</summary>
    internal T Read<T>(CoseLabel label, Func<CborReader, string, T> read)
    {
        var where = $"{Location} label {label}";
        return CoseFormatException.Guard(where, () => _map.Read(label, read, where));
    }
}
