using System.Formats.Cbor;

namespace DeviceTrust.Cose.Cbor;

/// <summary>RFC 8949 §4.2.1 map key order, shared by the encoding walk and <see cref="CborLabelledMap"/>.</summary>
internal static class KeyOrder
{
    /// <summary>
    /// "The keys in every map MUST be sorted in the bytewise lexicographic order of their deterministic encodings"
    /// (RFC 8949 §4.2.1); equal encodings are a duplicate key (§5.6).
    /// </summary>
    public static void Check(ReadOnlyMemory<byte> previous, ReadOnlyMemory<byte> key, string where, string name, long? offset = null)
    {
        var order = previous.Span.SequenceCompareTo(key.Span);
        if (order == 0)
            throw new CborFormatException(where, $"duplicate label {name} (RFC 8949 §5.6)", offset);
        if (order > 0)
            throw new CborFormatException(where, $"label {name} is out of order: RFC 8949 §4.2.1 sorts map keys by the " +
                $"bytewise order of their encodings, and 0x{Convert.ToHexString(key.Span)} sorts before the key before it " +
                $"(0x{Convert.ToHexString(previous.Span)})", offset);
    }

    /// <summary>The label an encoded key holds, for messages; "key #n" when it is not an int or tstr.</summary>
    public static string Name(ReadOnlyMemory<byte> key, int index)
    {
        var reader = new CborReader(key, CborConformanceMode.Lax);
        return reader.PeekState() switch
        {
            CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger when TryInt64(reader, out var value) => CoseLabel.Of(value).ToString(),
            CborReaderState.TextString => CoseLabel.Of(reader.ReadTextString()).ToString(),
            _ => $"key #{index}",
        };
    }

    private static bool TryInt64(CborReader reader, out long value)
    {
        try
        {
            value = reader.ReadInt64();
            return true;
        }
        catch (OverflowException)
        {
            value = 0;
            return false;
        }
    }
}
