using System.Formats.Cbor;

namespace DeviceTrust.Cose;

/// <summary>
/// One decoded header bucket (read-only). Values are kept as their encoded CBOR and read through typed accessors.
/// <code>
/// header_map = { Generic_Headers, * label => values }                        ; RFC 9052 §3
/// empty_or_serialized_map = bstr .cbor header_map / bstr .size 0            ; RFC 9052 §3
/// </code>
/// </summary>
public sealed class CoseHeaders
{
    private readonly Dictionary<CoseLabel, ReadOnlyMemory<byte>> _values;

    private CoseHeaders(Dictionary<CoseLabel, ReadOnlyMemory<byte>> values, string location)
    {
        _values = values;
        Location = location;
    }

    /// <summary>Where the bucket sits, used in error messages ("COSE_Sign1[0] protected header").</summary>
    public string Location { get; }

    public int Count => _values.Count;

    public IEnumerable<CoseLabel> Labels => _values.Keys;

    public bool Contains(CoseLabel label) => _values.ContainsKey(label);

    public bool TryGetEncodedValue(CoseLabel label, out ReadOnlyMemory<byte> encodedValue) =>
        _values.TryGetValue(label, out encodedValue);

    /// <summary>A bstr value such as <c>kid</c>; null when absent; CoseFormatException when not a bstr.</summary>
    public byte[]? GetByteString(CoseLabel label)
    {
        if (!_values.TryGetValue(label, out var encoded))
            return null;
        return Read(label, reader =>
        {
            CoseCbor.ExpectState(reader, CborReaderState.ByteString, $"{Location} label {label}", "a byte string");
            return reader.ReadByteString();
        });
    }

    /// <summary>
    /// The DER certificates of an x5bag or x5chain parameter, in order; empty when absent.
    /// <c>COSE_X509 = bstr / [ 2*certs: bstr ]</c> (RFC 9360 §2).
    /// </summary>
    public IReadOnlyList<byte[]> GetCertificates(CoseLabel label)
    {
        if (!_values.ContainsKey(label))
            return [];
        return Read(label, reader =>
        {
            if (reader.PeekState() == CborReaderState.ByteString)
                return (IReadOnlyList<byte[]>)[reader.ReadByteString()];
            var where = $"{Location} label {label}";
            CoseCbor.ExpectState(reader, CborReaderState.StartArray, where, "a byte string or an array of byte strings");
            var certificates = new List<byte[]>();
            reader.ReadStartArray();
            while (reader.PeekState() != CborReaderState.EndArray)
            {
                CoseCbor.ExpectState(reader, CborReaderState.ByteString, where, "a certificate byte string");
                certificates.Add(reader.ReadByteString());
            }
            reader.ReadEndArray();
            if (certificates.Count < 2)
                throw new CoseFormatException(where, "an array of certificates must hold at least two (RFC 9360 §2); one goes as a bare bstr");
            return certificates;
        });
    }

    internal static CoseHeaders Empty(string location) => new([], location);

    /// <summary>Decodes the content of the protected bstr: empty, or exactly one header map (RFC 9052 §3).</summary>
    internal static CoseHeaders DecodeProtected(ReadOnlyMemory<byte> content, string location)
    {
        if (content.IsEmpty)
            return Empty(location);
        var reader = CoseCbor.Reader(content);
        var headers = Read(reader, location);
        CoseCbor.ExpectEnd(reader, location);
        return headers;
    }

    internal static CoseHeaders Read(CborReader reader, string location) => CoseCbor.Decode(location, () =>
    {
        CoseCbor.ExpectState(reader, CborReaderState.StartMap, location, "a header map");
        var values = new Dictionary<CoseLabel, ReadOnlyMemory<byte>>();
        reader.ReadStartMap();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            // The strict reader already refuses two identical key encodings; this also catches 1 written as 0x1801.
            var label = CoseCbor.ReadLabel(reader, location);
            if (!values.TryAdd(label, reader.ReadEncodedValue()))
                throw new CoseFormatException(location, $"duplicate label {label} (RFC 9052 §3: labels in a map MUST be unique)");
        }
        reader.ReadEndMap();
        return new CoseHeaders(values, location);
    });

    private T Read<T>(CoseLabel label, Func<CborReader, T> read)
    {
        var where = $"{Location} label {label}";
        return CoseCbor.Decode(where, () => read(CoseCbor.Reader(_values[label])));
    }
}
