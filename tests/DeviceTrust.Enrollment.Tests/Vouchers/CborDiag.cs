using System.Globalization;
using System.Text;

namespace DeviceTrust.Enrollment.Tests.Vouchers;

/// <summary>A tag in diagnostic notation, e.g. 18([...]).</summary>
internal sealed record DiagTag(ulong Tag, object? Content);

/// <summary>
/// Reads the subset of CBOR diagnostic notation (RFC 8949 §8) the voucher example files use: integers, "text",
/// h'hex', true/false/null, [arrays], {maps} and tags. Arrays are List&lt;object?&gt;, maps
/// List&lt;KeyValuePair&lt;object, object?&gt;&gt; in file order. The *-nonsigned.txt files are wrapped at a fixed width
/// even inside strings, so line breaks inside h'' and "" are dropped (no value in them contains one).
/// </summary>
internal sealed class CborDiag
{
    private readonly string _text;
    private int _position;

    private CborDiag(string text) => _text = text;

    public static object? Parse(string text)
    {
        var parser = new CborDiag(text);
        var value = parser.Value();
        parser.SkipSpace();
        return parser._position == text.Length ? value : throw parser.Error("trailing text");
    }

    private object? Value()
    {
        SkipSpace();
        var c = _text[_position];
        if (c == '[')
            return Items(']', () => Value());
        if (c == '{')
            return Items('}', () =>
            {
                var key = Value()!;
                Expect(':');
                return new KeyValuePair<object, object?>(key, Value());
            });
        if (c == '"')
            return Quoted('"');
        if (c == 'h' && _text[_position + 1] == '\'')
        {
            _position++;
            return Convert.FromHexString(Quoted('\''));
        }
        foreach (var (word, value) in new (string, object?)[] { ("true", true), ("false", false), ("null", null) })
        {
            if (string.CompareOrdinal(_text, _position, word, 0, word.Length) == 0)
            {
                _position += word.Length;
                return value;
            }
        }
        var start = _position;
        while (_position < _text.Length && (char.IsAsciiDigit(_text[_position]) || _text[_position] == '-'))
            _position++;
        var number = long.Parse(_text.AsSpan(start, _position - start), CultureInfo.InvariantCulture);
        SkipSpace();
        if (_position < _text.Length && _text[_position] == '(')
        {
            _position++;
            var content = Value();
            Expect(')');
            return new DiagTag((ulong)number, content);
        }
        return number;
    }

    private List<T> Items<T>(char close, Func<T> item)
    {
        _position++;
        var items = new List<T>();
        SkipSpace();
        while (_text[_position] != close)
        {
            items.Add(item());
            SkipSpace();
            if (_text[_position] == ',')
                _position++;
            SkipSpace();
        }
        _position++;
        return items;
    }

    private string Quoted(char quote)
    {
        _position++;
        var builder = new StringBuilder();
        while (_text[_position] != quote)
        {
            if (_text[_position] is not ('\n' or '\r'))
                builder.Append(_text[_position]);
            _position++;
        }
        _position++;
        return builder.ToString();
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (_text[_position] != c)
            throw Error($"'{c}' expected");
        _position++;
    }

    private void SkipSpace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
            _position++;
    }

    private FormatException Error(string problem) => new($"diagnostic notation, offset {_position}: {problem}");
}
