using System.Formats.Cbor;

namespace DeviceTrust.Cose;

/// <summary>
/// Strict CBOR reading shared by the decoders. CborConformanceMode.Strict rejects duplicate map keys and invalid
/// UTF-8; the callers add what it does not check (trailing bytes, COSE label types). Every lower-level exception the
/// reader can raise is turned into a <see cref="CoseFormatException"/> here, at the boundary.
/// </summary>
internal static class CoseCbor
{
    public static CborReader Reader(ReadOnlyMemory<byte> data) => new(data, CborConformanceMode.Strict);

    public static T Decode<T>(string location, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (CborContentException e)
        {
            throw new CoseFormatException(location, $"malformed CBOR ({e.Message})", e);
        }
        catch (InvalidOperationException e)
        {
            // CborReader signals "not the type you asked for" and "truncated" with InvalidOperationException.
            throw new CoseFormatException(location, $"unexpected CBOR ({e.Message})", e);
        }
        catch (OverflowException e)
        {
            throw new CoseFormatException(location, $"integer out of range ({e.Message})", e);
        }
    }

    public static void ExpectState(CborReader reader, CborReaderState expected, string location, string what)
    {
        var state = reader.PeekState();
        if (state != expected)
            throw new CoseFormatException(location, $"{what} expected, found {Describe(state)}");
    }

    public static void ExpectEnd(CborReader reader, string location)
    {
        if (reader.BytesRemaining != 0)
            throw new CoseFormatException(location, $"{reader.BytesRemaining} trailing byte(s) after the CBOR item");
    }

    public static CoseLabel ReadLabel(CborReader reader, string location) => reader.PeekState() switch
    {
        CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger => CoseLabel.Of(reader.ReadInt64()),
        CborReaderState.TextString => CoseLabel.Of(reader.ReadTextString()),
        var state => throw new CoseFormatException(location, $"label must be int or tstr (RFC 9052 §1.5), found {Describe(state)}"),
    };

    public static string Describe(CborReaderState state) => state switch
    {
        CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger => "an integer",
        CborReaderState.ByteString or CborReaderState.StartIndefiniteLengthByteString => "a byte string",
        CborReaderState.TextString or CborReaderState.StartIndefiniteLengthTextString => "a text string",
        CborReaderState.StartArray => "an array",
        CborReaderState.StartMap => "a map",
        CborReaderState.Tag => "a tag",
        CborReaderState.Null => "null",
        CborReaderState.Boolean => "a boolean",
        CborReaderState.Finished => "the end of the input",
        _ => state.ToString(),
    };
}
