using System.Formats.Cbor;
using System.Globalization;
using System.Text;

namespace DeviceTrust.Attestation.Tests.Eat;

/// <summary>
/// Turns the CBOR diagnostic notation of the RFC examples (RFC 8949 §8, with the /comments/ of RFC 8610 Appendix G.6)
/// into CBOR: maps, arrays, integers, floats, "text", h'hex', true/false/null and tags. Test-only: enough for the
/// vectors in TestVectors/Eat, not a general EDN parser.
/// </summary>
internal sealed class EdnReader
{
    private readonly string _text;
    private int _at;

    private EdnReader(string text) => _text = text;

    public static byte[] ToCbor(string diagnostic)
    {
        var reader = new EdnReader(diagnostic);
        var writer = new CborWriter(CborConformanceMode.Lax);
        reader.Value(writer);
        reader.Skip();
        if (reader._at != reader._text.Length)
            throw new FormatException($"Unexpected text at {reader._at}: {reader._text[reader._at..]}");
        return writer.Encode();
    }

    private void Value(CborWriter writer)
    {
        Skip();
        var c = _text[_at];
        if (c == '{')
            Container(writer, '}', isMap: true);
        else if (c == '[')
            Container(writer, ']', isMap: false);
        else if (c == '"')
            writer.WriteTextString(Quoted('"'));
        else if (c == 'h' && _text[_at + 1] == '\'')
        {
            _at++;
            writer.WriteByteString(Convert.FromHexString(string.Concat(Quoted('\'').Where(ch => !char.IsWhiteSpace(ch)))));
        }
        else if (Word("true"))
            writer.WriteBoolean(true);
        else if (Word("false"))
            writer.WriteBoolean(false);
        else if (Word("null"))
            writer.WriteNull();
        else
            Number(writer);
    }

    private void Container(CborWriter writer, char close, bool isMap)
    {
        _at++;
        var items = new List<byte[]>();
        while (true)
        {
            Skip();
            if (_text[_at] == close)
                break;
            var item = new CborWriter(CborConformanceMode.Lax);
            Value(item);
            items.Add(item.Encode());
            Skip();
            if (isMap && _text[_at] == ':')
            {
                _at++;
                continue;
            }
            if (_text[_at] == ',')
                _at++;
        }
        _at++;
        if (isMap)
            writer.WriteStartMap(items.Count / 2);
        else
            writer.WriteStartArray(items.Count);
        foreach (var item in items)
            writer.WriteEncodedValue(item);
        if (isMap)
            writer.WriteEndMap();
        else
            writer.WriteEndArray();
    }

    private void Number(CborWriter writer)
    {
        var start = _at;
        while (_at < _text.Length && (char.IsAsciiDigit(_text[_at]) || _text[_at] is '-' or '.' or '+' or 'e' or 'E'))
            _at++;
        var token = _text[start.._at];
        if (_at < _text.Length && _text[_at] == '(')
        {
            _at++;
            writer.WriteTag((CborTag)ulong.Parse(token, CultureInfo.InvariantCulture));
            Value(writer);
            Skip();
            _at++;   // ')'
        }
        else if (token.Contains('.', StringComparison.Ordinal))
            writer.WriteDouble(double.Parse(token, CultureInfo.InvariantCulture));
        else
            writer.WriteInt64(long.Parse(token, CultureInfo.InvariantCulture));
    }

    private string Quoted(char quote)
    {
        _at++;
        var text = new StringBuilder();
        while (_text[_at] != quote)
            text.Append(_text[_at++]);
        _at++;
        return text.ToString();
    }

    private bool Word(string word)
    {
        if (string.CompareOrdinal(_text, _at, word, 0, word.Length) != 0)
            return false;
        _at += word.Length;
        return true;
    }

    // Whitespace and /comments/ between items.
    private void Skip()
    {
        while (_at < _text.Length)
        {
            if (char.IsWhiteSpace(_text[_at]))
                _at++;
            else if (_text[_at] == '/')
                _at = _text.IndexOf('/', _at + 1) + 1;
            else
                break;
        }
    }
}
