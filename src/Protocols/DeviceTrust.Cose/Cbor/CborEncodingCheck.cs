using System.Buffers.Binary;
using System.Formats.Cbor;

namespace DeviceTrust.Cose.Cbor;

/// <summary>
/// The <see cref="CborRules.DefiniteLengths"/> and <see cref="CborRules.Deterministic"/> checks, one walk over the
/// item before it is read. Hand-written: System.Formats.Cbor has no RFC 8949 §4.2.1 mode (its Canonical mode sorts
/// keys shorter-first, RFC 7049 §3.9), so the walk reads heads itself where the reader hides them.
/// </summary>
internal static class CborEncodingCheck
{
    /// <param name="where">The path of the item (a string or a <see cref="CborPath"/>), formatted only for an error.</param>
    public static void Check<TPath>(ReadOnlyMemory<byte> data, TPath where, CborRules rules) where TPath : class
    {
        // Most input keeps the rules: one pass over the bytes confirms it without a reader or a path string. Anything
        // else is walked again below, by the reader, which decides and names the defect.
        if (CborEncodingScan.Keeps(data.Span, rules))
            return;
        Walk(data, where?.ToString()!, rules);
    }

    private static void Walk(ReadOnlyMemory<byte> data, string where, CborRules rules)
    {
        // Lax: this walk is about encoding; duplicate keys and UTF-8 are the strict reader's, which runs next.
        // Several root values are allowed so that trailing bytes are reported by StrictCbor, in one wording.
        var reader = new CborReader(data, CborConformanceMode.Lax, allowMultipleRootLevelValues: true);
        try
        {
            Item(reader, data, where, rules);
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or OverflowException)
        {
            throw new CborFormatException(where, $"malformed CBOR ({e.Message})", data.Length - reader.BytesRemaining, e);
        }
    }

    private static void Item(CborReader reader, ReadOnlyMemory<byte> data, string path, CborRules rules)
    {
        var state = reader.PeekState();   // first, so that a malformed head is refused before it is inspected
        var offset = data.Length - reader.BytesRemaining;
        if (rules == CborRules.Deterministic)
            CheckShortestHead(data.Span[offset..], path, offset);
        switch (state)
        {
            case CborReaderState.StartIndefiniteLengthByteString or CborReaderState.StartIndefiniteLengthTextString:
                throw Indefinite(path, offset, "string");
            case CborReaderState.StartArray:
                var count = reader.ReadStartArray() ?? throw Indefinite(path, offset, "array");
                for (var index = 0; index < count; index++)
                    Item(reader, data, $"{path}/{index}", rules);
                reader.ReadEndArray();
                break;
            case CborReaderState.StartMap:
                var pairs = reader.ReadStartMap() ?? throw Indefinite(path, offset, "map");
                Map(reader, data, path, rules, pairs);
                reader.ReadEndMap();
                break;
            case CborReaderState.Tag:
                reader.ReadTag();
                Item(reader, data, path, rules);
                break;
            default:
                reader.SkipValue();
                break;
        }
    }

    private static void Map(CborReader reader, ReadOnlyMemory<byte> data, string path, CborRules rules, int pairs)
    {
        var previous = ReadOnlyMemory<byte>.Empty;
        for (var index = 0; index < pairs; index++)
        {
            var keyStart = data.Length - reader.BytesRemaining;
            Item(reader, data, $"{path}/key {index}", rules);
            var key = data[keyStart..(data.Length - reader.BytesRemaining)];
            var name = KeyOrder.Name(key, index);
            if (rules == CborRules.Deterministic && index > 0)
                KeyOrder.Check(previous, key, path, name, keyStart);
            previous = key;
            Item(reader, data, $"{path}/{name}", rules);
        }
    }

    // RFC 8949 §4.2.1: "The arguments for integers, lengths in major types 2 through 5, and tags are as short as
    // possible"; floating-point values use the shortest form that keeps the value (preferred serialization, §4.1).
    private static void CheckShortestHead(ReadOnlySpan<byte> item, string path, int offset)
    {
        // Nothing where an item is due (a tag with no content): not well-formed, which the reader reports next.
        if (item.IsEmpty)
            return;
        var majorType = item[0] >> 5;
        var additional = item[0] & 0x1F;
        if (additional is < 24 or > 27)
            return;
        // A head cut short is not well-formed CBOR: left to the reader, which reports it as such, not judged here.
        if (item.Length < 1 + (1 << (additional - 24)))
            return;
        var argument = item.Slice(1, 1 << (additional - 24));
        var value = argument.Length switch
        {
            1 => argument[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(argument),
            4 => BinaryPrimitives.ReadUInt32BigEndian(argument),
            _ => BinaryPrimitives.ReadUInt64BigEndian(argument),
        };
        var shortest = majorType == 7 ? IsShortestSimpleOrFloat(additional, value) : additional switch
        {
            24 => value >= 24,
            25 => value > byte.MaxValue,
            26 => value > ushort.MaxValue,
            _ => value > uint.MaxValue,
        };
        if (!shortest)
            throw new CborFormatException(path, $"the head 0x{Convert.ToHexString(item[..(1 + argument.Length)])} is not in its " +
                "shortest form (RFC 8949 §4.2.1: preferred serialization)", offset);
    }

    internal static bool IsShortestSimpleOrFloat(int additional, ulong value)
    {
        switch (additional)
        {
            case 24:
                return value >= 32;   // simple values below 32 have a one-byte form (RFC 8949 §3.3)
            case 26:
                var single = BitConverter.UInt32BitsToSingle((uint)value);
                return float.IsNaN(single) || (float)(Half)single != single;
            case 27:
                var @double = BitConverter.UInt64BitsToDouble(value);
                return double.IsNaN(@double) || (double)(float)@double != @double;
            default:
                return true;   // half precision is the shortest float
        }
    }

    private static CborFormatException Indefinite(string path, int offset, string kind) =>
        new(path, $"indefinite-length {kind}; this profile requires definite lengths (RFC 8949 §4.2.1)", offset);
}
