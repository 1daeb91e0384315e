using System.Formats.Cbor;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Attestation.Eat;

/// <summary>The typed reads the claim decoders share; each error names its path and is an <see cref="AttestationFormatException"/>.</summary>
internal static class EatCborReading
{
    public static AttestationFormatException Fail(string where, string what) => new(where, what);

    // The core's typed reads, under the names the claim decoders use as method groups. The core's format error they
    // throw becomes this library's at its entry points (AttestationFormatException.Guard).
    public static string Text(CborReader reader, string where) => StrictCbor.ReadText(reader, where);

    public static byte[] Bytes(CborReader reader, string where) => StrictCbor.ReadBytes(reader, where);

    public static bool Boolean(CborReader reader, string where) => StrictCbor.ReadBoolean(reader, where);

    public static ulong UnsignedInteger(CborReader reader, string where) => StrictCbor.ReadUnsignedInteger(reader, where);

    public static long Integer(CborReader reader, string where) => StrictCbor.ReadInteger(reader, where);

    /// <summary><c>number = int / float</c> (RFC 8610 §3.3), finite.</summary>
    public static double Number(CborReader reader, string where)
    {
        var state = reader.PeekState();
        if (state is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger)
            return reader.ReadInt64();
        if (state is not (CborReaderState.HalfPrecisionFloat or CborReaderState.SinglePrecisionFloat or CborReaderState.DoublePrecisionFloat))
            throw Fail(where, $"a number expected, found {StrictCbor.Describe(state)}");
        var value = reader.ReadDouble();
        return double.IsFinite(value) ? value : throw Fail(where, $"{value} is not a finite number");
    }

    /// <summary>NumericDate: an int or float "with the leading tag 1 omitted" (RFC 8392 §2).</summary>
    public static EatNumericDate NumericDate(CborReader reader, string where)
    {
        if (reader.PeekState() == CborReaderState.Tag)
            throw Fail(where, "a NumericDate is an untagged int or float (RFC 8392 §2: the leading tag 1 omitted)");
        var state = reader.PeekState();
        return state is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger
            ? EatNumericDate.FromSeconds(reader.ReadInt64())
            : EatNumericDate.FromFractionalSeconds(Number(reader, where));
    }

    /// <summary>A label of a map whose keys are text (sueids, submods).</summary>
    public static string TextKey(CoseLabel label, string where) =>
        label.Text ?? throw Fail(where, $"the key {label} must be a text string");

    /// <summary>Reads an array of items, definite or not, with each item's path "where/index".</summary>
    public static List<T> Array<T>(CborReader reader, string where, int minimum, Func<CborReader, string, T> item)
    {
        Expect(reader, CborReaderState.StartArray, where, "an array");
        reader.ReadStartArray();
        var items = new List<T>();
        while (reader.PeekState() != CborReaderState.EndArray)
            items.Add(item(reader, $"{where}/{items.Count}"));
        reader.ReadEndArray();
        if (items.Count < minimum)
            throw Fail(where, $"an array of at least {minimum} item(s) expected, found {items.Count}");
        return items;
    }

    /// <summary>A fixed-shape array such as <c>[ tstr, ? int ]</c>: the number of items must be within the bounds.</summary>
    public static int StartTuple(CborReader reader, string where, int minimum, int maximum, string shape)
    {
        Expect(reader, CborReaderState.StartArray, where, $"an array {shape}");
        var count = reader.ReadStartArray()
            ?? throw Fail(where, $"{shape} must be a definite-length array");
        if (count < minimum || count > maximum)
            throw Fail(where, $"{shape} must have {(minimum == maximum ? $"{minimum}" : $"{minimum} to {maximum}")} items, found {count}");
        return count;
    }

    public static void Expect(CborReader reader, CborReaderState expected, string where, string what) =>
        StrictCbor.ExpectState(reader, expected, where, what);
}
