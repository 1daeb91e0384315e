using System.Formats.Cbor;

namespace DeviceTrust.Suit;

/// <summary>The writes the SUIT encoders share. Every item is written with definite lengths and shortest heads
/// (CborWriter always does), and every map in the bytewise order of its encoded keys (RFC 8949 §4.2.1).</summary>
internal static class SuitWriting
{
    public static byte[] Encode(Action<CborWriter> write)
    {
        var writer = new CborWriter(CborConformanceMode.Strict, convertIndefiniteLengthEncodings: true);
        write(writer);
        return writer.Encode();
    }

    /// <summary><c>bstr .cbor T</c>: the byte string holding <paramref name="content"/>, with its head, which is what a
    /// SUIT_Digest covers.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> content)
    {
        var writer = new CborWriter(CborConformanceMode.Strict);
        writer.WriteByteString(content);
        return writer.Encode();
    }

    /// <summary>A map whose keys are not all int / tstr (SUIT_Text_LMap has component identifiers as keys), so not
    /// written through DeterministicMapWriter: entries as (encoded key, encoded value), sorted bytewise here.</summary>
    public static byte[] Map(IEnumerable<(byte[] Key, byte[] Value)> entries)
    {
        var sorted = entries.ToList();
        sorted.Sort((x, y) => x.Key.AsSpan().SequenceCompareTo(y.Key));
        return Encode(writer =>
        {
            writer.WriteStartMap(sorted.Count);
            foreach (var (key, value) in sorted)
            {
                writer.WriteEncodedValue(key);
                writer.WriteEncodedValue(value);
            }
            writer.WriteEndMap();
        });
    }

    public static byte[] ByteStrings(IReadOnlyList<byte[]> items) => Encode(writer =>
    {
        writer.WriteStartArray(items.Count);
        foreach (var item in items)
            writer.WriteByteString(item);
        writer.WriteEndArray();
    });
}
