using System.Formats.Cbor;
using System.Globalization;
using System.Text;

namespace DeviceTrust.Cose.Cbor;

/// <summary>
/// Renders one CBOR data item in diagnostic notation (RFC 8949 §8), for logs and for showing stored evidence.
/// The item is read in CborConformanceMode.Lax, so anything well-formed can be shown: duplicate keys, unsorted maps,
/// indefinite lengths, non-shortest heads. Hand-written: System.Formats.Cbor has no diagnostic writer.
/// <list type="bullet">
/// <item>Integers in decimal over the whole range of major types 0 and 1 (18446744073709551615, -18446744073709551616).
/// Bignums are shown as what they are on the wire, e.g. <c>2(h'010000000000000000')</c>; RFC 8949 Appendix A
/// prints their numeric value instead and names the tagged form as the alternative.</item>
/// <item>Byte strings <c>h'0102'</c>; text strings in double quotes with JSON escapes (RFC 8259 §7), every
/// character outside printable ASCII as <c>\uXXXX</c>, as Appendix A writes "\u00fc".</item>
/// <item><c>[1, 2]</c>, <c>{1: 2, "a": h'00'}</c>, tags <c>18([...])</c>, <c>false</c>, <c>true</c>, <c>null</c>,
/// <c>undefined</c>, <c>simple(16)</c>.</item>
/// <item>Floats as Appendix A shows them (<c>1.5</c>, <c>100000.0</c>, <c>1.0e+300</c>, <c>5.960464477539063e-8</c>,
/// <c>-0.0</c>, <c>Infinity</c>, <c>NaN</c>), without the encoding indicators of RFC 8610 Appendix G.2.</item>
/// <item>Indefinite lengths with the <c>_ </c> prefix of §8.1: <c>[_ 1, 2]</c>, <c>{_ "a": 1}</c>,
/// <c>(_ h'01', h'02')</c>; an empty indefinite string, which §8.1 gives no form, as <c>''_</c> or <c>""_</c>
/// (RFC 8610 Appendix G.2).</item>
/// </list>
/// Invalid UTF-8 in a text string is not refused in Lax mode: each bad sequence shows as <c>\ufffd</c>.
/// </summary>
public static class CborDiagnostic
{
    private const string Root = "CBOR item";

    /// <summary>Renders <paramref name="encoded"/>, which must be exactly one CBOR data item.</summary>
    /// <param name="maxDepth">How many arrays, maps and tags may be nested inside each other. System.Formats.Cbor
    /// stops at its own limit for arrays, maps and indefinite-length strings (64 unless the AppContext switch
    /// System.Formats.Cbor.CborReader.MaxDepth says otherwise), whatever this allows.</param>
    /// <exception cref="CoseFormatException">The input is empty, truncated or otherwise not well-formed (RFC 8949 §3,
    /// Appendix F), nests deeper than <paramref name="maxDepth"/>, or has bytes after the item; its Location is the
    /// path of the item at fault (e.g. "CBOR item/1/value 0") and its Offset the byte where that item starts.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDepth"/> is negative.</exception>
    public static string Write(ReadOnlyMemory<byte> encoded, int maxDepth = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        return CoseFormatException.Guard(Root, () => new Renderer(encoded, maxDepth).Render());
    }

    /// <summary>Renders the next item of <paramref name="reader"/> and moves the reader past it; the reader's
    /// conformance mode is not applied, and error offsets count from the start of the item.</summary>
    /// <exception cref="CoseFormatException">The item is not well-formed or nests deeper than <paramref name="maxDepth"/>.</exception>
    public static string Write(CborReader reader, int maxDepth = 64)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        return CoseFormatException.Guard(Root,
            () => new Renderer(reader.ReadEncodedValue(disableConformanceModeChecks: true), maxDepth).Render());
    }

    private sealed class Renderer(ReadOnlyMemory<byte> data, int maxDepth)
    {
        private readonly CborReader _reader = new(data, CborConformanceMode.Lax);
        private readonly StringBuilder _text = new();

        private int Offset => data.Length - _reader.BytesRemaining;

        public string Render()
        {
            if (data.IsEmpty)
                throw new CborFormatException(Root, "empty input", 0);
            Item(Root, 0);
            if (_reader.BytesRemaining != 0)
                throw new CborFormatException(Root, $"{_reader.BytesRemaining} trailing byte(s) after the CBOR item", Offset);
            return _text.ToString();
        }

        private void Item(string path, int depth)
        {
            try
            {
                var state = _reader.PeekState();
                switch (state)
                {
                    case CborReaderState.UnsignedInteger:
                        _text.Append(_reader.ReadUInt64());
                        break;
                    case CborReaderState.NegativeInteger:
                        // RFC 8949 §3.1: major type 1 is -1 - argument, which reaches -2^64.
                        _text.Append('-').Append((UInt128)_reader.ReadCborNegativeIntegerRepresentation() + 1);
                        break;
                    case CborReaderState.ByteString:
                        AppendBytes(_reader.ReadByteString());
                        break;
                    case CborReaderState.TextString:
                        AppendText(_reader.ReadTextString());
                        break;
                    case CborReaderState.StartIndefiniteLengthByteString or CborReaderState.StartIndefiniteLengthTextString:
                        Chunks(path, state == CborReaderState.StartIndefiniteLengthByteString);
                        break;
                    case CborReaderState.StartArray:
                        Array(path, depth);
                        break;
                    case CborReaderState.StartMap:
                        Map(path, depth);
                        break;
                    case CborReaderState.Tag:
                        Enter(path, depth);
                        _text.Append((ulong)_reader.ReadTag()).Append('(');
                        Item(path, depth + 1);
                        _text.Append(')');
                        break;
                    case CborReaderState.HalfPrecisionFloat:
                        _text.Append(Number((double)_reader.ReadHalf()));
                        break;
                    case CborReaderState.SinglePrecisionFloat:
                        _text.Append(Number(_reader.ReadSingle()));
                        break;
                    case CborReaderState.DoublePrecisionFloat:
                        _text.Append(Number(_reader.ReadDouble()));
                        break;
                    case CborReaderState.Boolean or CborReaderState.Null or CborReaderState.Undefined or CborReaderState.SimpleValue:
                        Simple(path);
                        break;
                    default:
                        throw new CborFormatException(path, $"unexpected {state}", Offset);
                }
            }
            catch (Exception e) when (e is CborContentException or InvalidOperationException or OverflowException)
            {
                throw new CborFormatException(path, $"malformed CBOR ({e.Message})", Offset, e);
            }
        }

        private void Array(string path, int depth)
        {
            Enter(path, depth);
            var count = _reader.ReadStartArray();
            _text.Append(count is null ? "[_ " : "[");
            for (var index = 0; _reader.PeekState() != CborReaderState.EndArray; index++)
            {
                Separator(index);
                Item($"{path}/{index}", depth + 1);
            }
            _reader.ReadEndArray();
            _text.Append(']');
        }

        private void Map(string path, int depth)
        {
            Enter(path, depth);
            var count = _reader.ReadStartMap();
            _text.Append(count is null ? "{_ " : "{");
            for (var index = 0; _reader.PeekState() != CborReaderState.EndMap; index++)
            {
                Separator(index);
                Item($"{path}/key {index}", depth + 1);
                _text.Append(": ");
                Item($"{path}/value {index}", depth + 1);
            }
            _reader.ReadEndMap();
            _text.Append('}');
        }

        // RFC 8949 §3.2.3: the chunks of an indefinite-length string are definite-length strings of its own major type.
        private void Chunks(string path, bool bytes)
        {
            var chunk = bytes ? CborReaderState.ByteString : CborReaderState.TextString;
            var end = bytes ? CborReaderState.EndIndefiniteLengthByteString : CborReaderState.EndIndefiniteLengthTextString;
            if (bytes)
                _reader.ReadStartIndefiniteLengthByteString();
            else
                _reader.ReadStartIndefiniteLengthTextString();
            var index = 0;
            for (var state = _reader.PeekState(); state != end; state = _reader.PeekState(), index++)
            {
                if (state != chunk)
                    throw new CborFormatException($"{path}/chunk {index}", $"a chunk of an indefinite-length {(bytes ? "byte" : "text")} " +
                        $"string must be a definite-length {(bytes ? "byte" : "text")} string (RFC 8949 §3.2.3), found {state}", Offset);
                _text.Append(index == 0 ? "(_ " : ", ");
                if (bytes)
                    AppendBytes(_reader.ReadByteString());
                else
                    AppendText(_reader.ReadTextString());
            }
            if (bytes)
                _reader.ReadEndIndefiniteLengthByteString();
            else
                _reader.ReadEndIndefiniteLengthTextString();
            _text.Append(index == 0 ? (bytes ? "''_" : "\"\"_") : ")");
        }

        // RFC 8949 §3.3: false, true, null and undefined are simple values 20 to 23; §8: simple(N) for the others.
        private void Simple(string path)
        {
            var offset = Offset;
            var value = (byte)_reader.ReadSimpleValue();
            if (data.Span[offset] == 0xF8 && value < 32)
                throw new CborFormatException(path, $"simple value {value} in two bytes (0xf8{value:x2}) is not well-formed " +
                    "(RFC 8949 §3.3)", offset);
            _text.Append(value switch
            {
                20 => "false",
                21 => "true",
                22 => "null",
                23 => "undefined",
                _ => $"simple({value})",
            });
        }

        private void Enter(string path, int depth)
        {
            if (depth >= maxDepth)
                throw new CborFormatException(path, $"more than {maxDepth} arrays, maps and tags nested inside each other", Offset);
        }

        private void Separator(int index)
        {
            if (index > 0)
                _text.Append(", ");
        }

        // RFC 8949 §8 writes floats as JavaScript does (ECMA-262 Number::toString: the shortest digits that read back
        // as the same double, positional for decimal exponents from -6 to 20), with ".0" on integral forms: Appendix A
        // has 100000.0, 1.0e+300, 0.00006103515625, 5.960464477539063e-8. Halves and singles widen to double exactly.
        private static string Number(double value)
        {
            if (double.IsNaN(value))
                return "NaN";
            if (double.IsInfinity(value))
                return value > 0 ? "Infinity" : "-Infinity";
            var sign = double.IsNegative(value) ? "-" : "";
            if (value == 0)
                return sign + "0.0";

            // "R" gives the shortest round-trip digits, e.g. "5.960464477539063E-08", "100000", "1363896240.5".
            var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
            var e = shortest.IndexOf('E');
            var mantissa = e < 0 ? shortest : shortest[..e];
            var exponent = e < 0 ? 0 : int.Parse(shortest[(e + 1)..], CultureInfo.InvariantCulture);
            var point = mantissa.IndexOf('.');
            var whole = point < 0 ? mantissa : mantissa[..point];
            var digits = (whole + (point < 0 ? "" : mantissa[(point + 1)..])).TrimEnd('0');
            var n = whole.Length + exponent;   // the value is 0.digits × 10^n
            var significant = digits.TrimStart('0');
            n -= digits.Length - significant.Length;
            digits = significant;
            var k = digits.Length;

            if (k <= n && n <= 21)
                return $"{sign}{digits}{new string('0', n - k)}.0";
            if (0 < n && n <= 21)
                return $"{sign}{digits[..n]}.{digits[n..]}";
            if (-6 < n && n <= 0)
                return $"{sign}0.{new string('0', -n)}{digits}";
            var scaled = k == 1 ? $"{digits}.0" : $"{digits[0]}.{digits[1..]}";
            return $"{sign}{scaled}e{(n - 1 < 0 ? '-' : '+')}{Math.Abs(n - 1)}";
        }

        private void AppendBytes(byte[] bytes) => _text.Append("h'").Append(Convert.ToHexStringLower(bytes)).Append('\'');

        // RFC 8949 §8: "text strings are enclosed in double quotes ... with the escapes of JSON" (RFC 8259 §7).
        private void AppendText(string value)
        {
            _text.Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': _text.Append("\\\""); break;
                    case '\\': _text.Append("\\\\"); break;
                    case '\b': _text.Append("\\b"); break;
                    case '\f': _text.Append("\\f"); break;
                    case '\n': _text.Append("\\n"); break;
                    case '\r': _text.Append("\\r"); break;
                    case '\t': _text.Append("\\t"); break;
                    case < ' ' or > '~': _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                    default: _text.Append(c); break;
                }
            }
            _text.Append('"');
        }
    }
}
