using System.Buffers.Binary;
using System.Text.Unicode;

namespace DeviceTrust.Cose.Cbor;

/// <summary>
/// The fast path of <see cref="CborEncodingCheck"/>: whether an item keeps the <see cref="CborRules"/>, read from its
/// heads directly, with no reader, path or allocation. Conservative: it answers true only for what the checked walk
/// accepts (well-formed, definite lengths, and when deterministic: shortest heads, keys in order), and false for
/// anything else or anything unusual (reserved or long-form simple values, invalid UTF-8, deep nesting), which the walk
/// then takes up, so that what is refused and how it is worded stay the walk's.
/// </summary>
internal static class CborEncodingScan
{
    // Deeper items are left to the walk (which reads them with System.Formats.Cbor); SUIT and COSE nest a few levels.
    private const int MaxDepth = 32;

    public static bool Keeps(ReadOnlySpan<byte> data, CborRules rules)
    {
        var position = 0;
        return Item(data, ref position, rules == CborRules.Deterministic, 0);
    }

    private static bool Item(ReadOnlySpan<byte> data, ref int position, bool deterministic, int depth)
    {
        if (depth > MaxDepth || !Head(data, ref position, deterministic, out var majorType, out var argument))
            return false;
        var remaining = (ulong)(data.Length - position);
        switch (majorType)
        {
            case 2 or 3:
                if (argument > remaining || (majorType == 3 && !Utf8.IsValid(data.Slice(position, (int)argument))))
                    return false;
                position += (int)argument;
                return true;
            case 4:
                if (argument > remaining)
                    return false;
                for (var index = 0UL; index < argument; index++)
                {
                    if (!Item(data, ref position, deterministic, depth + 1))
                        return false;
                }
                return true;
            case 5:
                if (argument > remaining / 2)
                    return false;
                var previous = ReadOnlySpan<byte>.Empty;
                for (var index = 0UL; index < argument; index++)
                {
                    var keyStart = position;
                    if (!Item(data, ref position, deterministic, depth + 1))
                        return false;
                    var key = data[keyStart..position];
                    // RFC 8949 §4.2.1: keys in the bytewise order of their encodings; equal ones are the walk's to name.
                    if (deterministic && index > 0 && previous.SequenceCompareTo(key) >= 0)
                        return false;
                    previous = key;
                    if (!Item(data, ref position, deterministic, depth + 1))
                        return false;
                }
                return true;
            case 6:
                return Item(data, ref position, deterministic, depth + 1);
            default:
                return true;
        }
    }

    // One head: the major type and its argument. False for a head cut short, an indefinite length or a break, the
    // reserved additional information 28-30, a simple value in two bytes, and (deterministic) a head longer than needed.
    private static bool Head(ReadOnlySpan<byte> data, ref int position, bool deterministic, out int majorType, out ulong argument)
    {
        argument = 0;
        majorType = 0;
        if (position >= data.Length)
            return false;
        majorType = data[position] >> 5;
        var additional = data[position] & 0x1F;
        position++;
        if (additional < 24)
        {
            argument = (ulong)additional;
            return true;
        }
        if (additional > 27)
            return false;
        var length = 1 << (additional - 24);
        if (data.Length - position < length)
            return false;
        var bytes = data.Slice(position, length);
        argument = length switch
        {
            1 => bytes[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(bytes),
            4 => BinaryPrimitives.ReadUInt32BigEndian(bytes),
            _ => BinaryPrimitives.ReadUInt64BigEndian(bytes),
        };
        position += length;
        if (majorType == 7)
            return additional != 24 && (!deterministic || CborEncodingCheck.IsShortestSimpleOrFloat(additional, argument));
        return !deterministic || additional switch
        {
            24 => argument >= 24,
            25 => argument > byte.MaxValue,
            26 => argument > ushort.MaxValue,
            _ => argument > uint.MaxValue,
        };
    }
}
