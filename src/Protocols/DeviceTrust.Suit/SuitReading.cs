using System.Formats.Cbor;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Suit;

/// <summary>The typed reads the SUIT decoders share; each error names its path and is a <see cref="SuitFormatException"/>.</summary>
internal static class SuitReading
{
    /// <summary>Command sequences nest through try-each and run-sequence, each level in its own bstr: bounded, so
    /// hostile input cannot exhaust the stack (each bstr is a new reader, beyond System.Formats.Cbor's own depth limit).</summary>
    public const int MaxNesting = 8;

    public static SuitFormatException Fail(string where, string what) => new(where, what);

    public static SuitFormatException Fail(CborPath where, string what) => new(where.ToString(), what);

    /// <summary>"where/key (name)", the path of a map member.</summary>
    public static string PathOf(string where, long key, string name) => $"{where}/{key} ({name})";

    /// <summary>"where/key (name)" for an int label, "where/\"text\"" for a tstr one.</summary>
    public static string PathOf(string where, DeviceTrust.Cose.CoseLabel label, Func<long, string> name) =>
        label.Integer is { } key ? PathOf(where, key, name(key)) : $"{where}/{label}";

    /// <summary>The same path as a <see cref="CborPath"/>, formatted only if an error names it.</summary>
    public static CborPath PathOf(CborPath where, DeviceTrust.Cose.CoseLabel label, Func<long, string> name) =>
        label.Integer is { } key ? where.Member(key, name) : where.Segment(label.ToString());

    // The core's typed reads under the names the decoders use; the core's format error becomes a SuitFormatException
    // at the library's entry points.
    public static void Expect(CborReader reader, CborReaderState expected, string where, string what) =>
        StrictCbor.ExpectState(reader, expected, where, what);

    public static byte[] Bytes(CborReader reader, string where) => StrictCbor.ReadBytes(reader, where);

    public static string Text(CborReader reader, string where) => StrictCbor.ReadText(reader, where);

    public static bool Boolean(CborReader reader, string where) => StrictCbor.ReadBoolean(reader, where);

    public static ulong UnsignedInteger(CborReader reader, string where) => StrictCbor.ReadUnsignedInteger(reader, where);

    public static long Integer(CborReader reader, string where) => StrictCbor.ReadInteger(reader, where);

    // The same reads at a CborPath: the state is looked at first, and the path formatted only for the core's error.
    public static void Expect(CborReader reader, CborReaderState expected, CborPath where, string what)
    {
        if (reader.PeekState() != expected)
            StrictCbor.ExpectState(reader, expected, where.ToString(), what);
    }

    public static byte[] Bytes(CborReader reader, CborPath where)
    {
        Expect(reader, CborReaderState.ByteString, where, "a byte string");
        return reader.ReadByteString();
    }

    public static string Text(CborReader reader, CborPath where)
    {
        Expect(reader, CborReaderState.TextString, where, "a text string");
        return reader.ReadTextString();
    }

    public static bool Boolean(CborReader reader, CborPath where)
    {
        Expect(reader, CborReaderState.Boolean, where, "a boolean");
        return reader.ReadBoolean();
    }

    public static ulong UnsignedInteger(CborReader reader, CborPath where)
    {
        Expect(reader, CborReaderState.UnsignedInteger, where, "an unsigned integer");
        return reader.ReadUInt64();
    }

    public static long Integer(CborReader reader, CborPath where)
    {
        if (reader.PeekState() is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger))
            StrictCbor.ExpectInteger(reader, where.ToString());
        return reader.ReadInt64();
    }

    /// <summary>
    /// A <c>bstr .cbor T</c> member: the byte string is read, then its content decoded as exactly one deterministically
    /// encoded item (SUIT requires deterministic CBOR, RFC 8949 §4.2.1). Returns the value and the encoded byte string
    /// with its head, which is what a SUIT_Digest covers.
    /// </summary>
    public static (T Value, ReadOnlyMemory<byte> Wrapped) Wrapped<T>(CborReader reader, string where, Func<CborReader, string, T> read)
    {
        Expect(reader, CborReaderState.ByteString, where, "a byte string (bstr .cbor)");
        var wrapped = reader.ReadEncodedValue();
        var value = Decode(wrapped[ContentStart(wrapped.Span[0])..], where, inner => read(inner, where));
        return (value, wrapped);
    }

    /// <summary>A <c>bstr .cbor T</c> member at a <see cref="CborPath"/>, formatted only if an error names it.</summary>
    public static (T Value, ReadOnlyMemory<byte> Wrapped) Wrapped<T>(CborReader reader, CborPath where, Func<CborReader, CborPath, T> read)
    {
        Expect(reader, CborReaderState.ByteString, where, "a byte string (bstr .cbor)");
        var wrapped = reader.ReadEncodedValue();
        var value = StrictCbor.Decode(wrapped[ContentStart(wrapped.Span[0])..], where, (read, where),
            static (inner, member) => member.read(inner, member.where), CborRules.Deterministic);
        return (value, wrapped);
    }

    /// <summary>A byte string's content, as a slice of the input rather than a copy.</summary>
    public static ReadOnlyMemory<byte> BytesContent(CborReader reader, CborPath where, string what)
    {
        Expect(reader, CborReaderState.ByteString, where, what);
        var encoded = reader.ReadEncodedValue();
        return encoded[ContentStart(encoded.Span[0])..];
    }

    // Where a definite-length byte string's content starts after its head (RFC 8949 §3): the initial byte, then an
    // argument of 0, 1, 2, 4 or 8 bytes. The strict reader has read the byte string, so its head is well-formed.
    private static int ContentStart(byte initial) => (initial & 0x1F) switch
    {
        < 24 => 1,
        var additional => 1 + (1 << (additional - 24)),
    };

    /// <summary>
    /// <see cref="StrictCbor.Decode"/> with <see cref="CborRules.Deterministic"/>: SUIT requires deterministic encoding
    /// of the envelope and of every member it wraps.
    /// </summary>
    public static T Decode<T>(ReadOnlyMemory<byte> data, string where, Func<CborReader, T> read) =>
        StrictCbor.Decode(data, where, read, CborRules.Deterministic);

    public static T Decode<T>(ReadOnlyMemory<byte> data, CborPath where, Func<CborReader, T> read) =>
        StrictCbor.Decode(data, where, read, CborRules.Deterministic);

    /// <summary>Reads a definite or indefinite array, each item at "where/index".</summary>
    public static List<T> Array<T>(CborReader reader, string where, int minimum, Func<CborReader, string, T> item)
    {
        Expect(reader, CborReaderState.StartArray, where, "an array");
        reader.ReadStartArray();
        var items = new List<T>();
        while (reader.PeekState() != CborReaderState.EndArray)
            items.Add(item(reader, $"{where}/{items.Count}"));
        reader.ReadEndArray();
        if (items.Count < minimum)
            throw Fail(where, $"at least {minimum} item(s) expected, found {items.Count}");
        return items;
    }

    public static List<T> Array<T>(CborReader reader, CborPath where, int minimum, Func<CborReader, CborPath, T> item)
    {
        Expect(reader, CborReaderState.StartArray, where, "an array");
        reader.ReadStartArray();
        var items = new List<T>();
        while (reader.PeekState() != CborReaderState.EndArray)
            items.Add(item(reader, where.Item(items.Count)));
        reader.ReadEndArray();
        if (items.Count < minimum)
            throw Fail(where, $"at least {minimum} item(s) expected, found {items.Count}");
        return items;
    }
}
