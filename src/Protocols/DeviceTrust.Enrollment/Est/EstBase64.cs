using System.Text;

namespace DeviceTrust.Enrollment.Est;

/// <summary>
/// The base64 transfer encoding of EST bodies (RFC 7030 4 uses RFC 2045 base64; RFC 8951 3 says receivers accept
/// it with or without line breaks). Reading tolerates CR, LF, space and tab anywhere and nothing else: an invalid
/// character, misplaced or missing padding, or an empty body throws <see cref="EnrollmentFormatException"/> with its offset.
/// </summary>
public static class EstBase64
{
    private const string Where = "EST base64 body";
    private const int LineLength = 64;

    public static byte[] Decode(ReadOnlySpan<byte> body) => Decode(Encoding.Latin1.GetString(body));

    public static byte[] Decode(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var compact = new StringBuilder(body.Length);
        var padding = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c is '\r' or '\n' or ' ' or '\t')
                continue;
            if (c == '=')
                padding++;
            else if (padding > 0)
                throw new EnrollmentFormatException($"'{Printable(c)}' after '=' padding", $"{Where} at offset {i}");
            else if (!IsBase64Char(c))
                throw new EnrollmentFormatException($"invalid base64 character '{Printable(c)}'", $"{Where} at offset {i}");
            compact.Append(c);
        }
        if (compact.Length == 0)
            throw new EnrollmentFormatException("empty body", Where);
        if (compact.Length % 4 != 0 || padding > 2)
            throw new EnrollmentFormatException(
                $"{compact.Length} base64 characters with {padding} '=': not a whole number of 4-character groups", Where);
        return Convert.FromBase64String(compact.ToString());
    }

    /// <summary>Base64 with CRLF every 64 characters (within RFC 2045's 76), or on one line.</summary>
    public static string Encode(ReadOnlySpan<byte> der, bool lineBreaks = true)
    {
        var text = Convert.ToBase64String(der);
        if (!lineBreaks)
            return text;
        var lines = new StringBuilder(text.Length + text.Length / LineLength * 2 + 2);
        for (var i = 0; i < text.Length; i += LineLength)
            lines.Append(text, i, Math.Min(LineLength, text.Length - i)).Append("\r\n");
        return lines.ToString();
    }

    private static bool IsBase64Char(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/';

    private static string Printable(char c) => char.IsControl(c) || c > '~' ? $"\\u{(int)c:X4}" : c.ToString();
}
