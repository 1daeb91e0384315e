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

    /// <summary>"where/key (name)", the path of a map member.</summary>
    public static string PathOf(string where, long key, string name) => $"{where}/{key} ({name})";

    /// <summary>"where/key (name)" for an int label, "where/\"text\"" for a tstr one.</summary>
    public static string PathOf(string where, DeviceTrust.Cose.CoseLabel label, Func<long, string> name) =>
        label.Integer is { } key ? PathOf(where, key, name(key)) : $"{where}/{label}";

    // The core's typed reads under the names the decoders use; the core's format error becomes a SuitFormatException
    // at the library's entry points.
    public static void Expect(CborReader reader, CborReaderState expected, string where, string what) =>
        StrictCbor.ExpectState(reader, expected, where, what);

    public static byte[] Bytes(CborReader reader, string where) => StrictCbor.ReadBytes(reader, where);

    public static string Text(CborReader reader, string where) => StrictCbor.ReadText(reader, where);

    public static bool Boolean(CborReader reader, string where) => StrictCbor.ReadBoolean(reader, where);

    public static ulong UnsignedInteger(CborReader reader, string where) => StrictCbor.ReadUnsignedInteger(reader, where);

    public static long Integer(CborReader reader, string where) => StrictCbor.ReadInteger(reader, where);

    /// <summary>
    /// A <c>bstr .cbor T</c> member: the byte string is read, then its content decoded as exactly one deterministically
    /// encoded item (SUIT requires deterministic CBOR, RFC 8949 §4.2.1). Returns the value and the encoded byte string
    /// with its head, which is what a SUIT_Digest covers.
    /// </summary>
    public static (T Value, ReadOnlyMemory<byte> Wrapped) Wrapped<T>(CborReader reader, string where, Func<CborReader, string, T> read)
    {
        Expect(reader, CborReaderState.ByteString, where, "a byte string (bstr .cbor)");
        var wrapped = reader.ReadEncodedValue();
        var content = StrictCbor.Reader(wrapped).ReadByteString();
        var value = Decode(content, where, inner => read(inner, where));
        return (value, wrapped);
    }

    /// <summary>
    /// <see cref="StrictCbor.Decode"/> with <see cref="CborRules.Deterministic"/>: SUIT requires deterministic encoding
    /// of the envelope and of every member it wraps.
    /// </summary>
    public static T Decode<T>(ReadOnlyMemory<byte> data, string where, Func<CborReader, T> read) =>
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
}
