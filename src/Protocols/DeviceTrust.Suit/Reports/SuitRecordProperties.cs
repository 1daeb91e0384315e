using System.Formats.Cbor;

namespace DeviceTrust.Suit.Reports;

/// <summary>
/// A SUIT_Parameters map in a record or a system-property claim: each value kept as its encoded CBOR under its
/// parameter key (<see cref="SuitParameterKeys"/>), so any parameter, known or not, round-trips byte for byte.
/// Immutable: each <c>With</c> method returns a new map with one more value. The typed accessors read what a decoded
/// report checked against the parameter's CDDL type; on a parameter this library does not type they may throw.
/// </summary>
public sealed class SuitRecordProperties
{
    private readonly SortedDictionary<long, ReadOnlyMemory<byte>> _values;

    private SuitRecordProperties(SortedDictionary<long, ReadOnlyMemory<byte>> values) => _values = values;

    public static SuitRecordProperties Empty { get; } = new([]);

    /// <summary>Each parameter key and its value as encoded CBOR.</summary>
    public IReadOnlyDictionary<long, ReadOnlyMemory<byte>> Encoded => _values;

    public int Count => _values.Count;

    public SuitRecordProperties WithBytes(long key, byte[] value) => WithEncoded(key, SuitWriting.Encode(w => w.WriteByteString(value)));

    public SuitRecordProperties WithUnsigned(long key, ulong value) => WithEncoded(key, SuitWriting.Encode(w => w.WriteUInt64(value)));

    public SuitRecordProperties WithText(long key, string value) => WithEncoded(key, SuitWriting.Encode(w => w.WriteTextString(value)));

    /// <summary>image-digest: <c>bstr .cbor SUIT_Digest</c>.</summary>
    public SuitRecordProperties WithDigest(long key, SuitDigest digest) => WithEncoded(key, SuitWriting.Wrap(SuitEncoder.Digest(digest)));

    /// <summary>Adds a value already encoded; the caller vouches that it is one well-formed item.</summary>
    public SuitRecordProperties WithEncoded(long key, ReadOnlyMemory<byte> encoded) => new(new(_values) { [key] = encoded });

    public byte[]? Bytes(long key) => _values.TryGetValue(key, out var v) ? Read(v, r => r.ReadByteString()) : null;

    public ulong? Unsigned(long key) => _values.TryGetValue(key, out var v) ? Read(v, r => r.ReadUInt64()) : null;

    public string? Text(long key) => _values.TryGetValue(key, out var v) ? Read(v, r => r.ReadTextString()) : null;

    public SuitDigest? Digest(long key) => _values.TryGetValue(key, out var v)
        ? SuitReading.Decode(Read(v, r => r.ReadByteString()), "image-digest", r => SuitDigest.Read(r, "image-digest"))
        : null;

    private static T Read<T>(ReadOnlyMemory<byte> encoded, Func<CborReader, T> read) => read(new CborReader(encoded, CborConformanceMode.Strict));
}
