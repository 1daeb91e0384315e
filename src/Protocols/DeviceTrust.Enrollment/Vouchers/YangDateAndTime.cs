using System.Globalization;
using System.Text.RegularExpressions;

namespace DeviceTrust.Enrollment.Vouchers;

/// <summary>
/// <c>yang:date-and-time</c> (RFC 6991 §3, an RFC 3339 profile), the type of created-on, expires-on and
/// last-renewal-date in both the JSON and the CBOR form.
/// </summary>
internal static partial class YangDateAndTime
{
    private static readonly string[] Formats = ["yyyy'-'MM'-'dd'T'HH':'mm':'ssK", "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFK"];

    /// <summary>Null when the text is not a date-and-time this library can represent.</summary>
    public static DateTimeOffset? Parse(string text)
    {
        // RFC 6991 pattern; .NET keeps seven fractional digits, so longer fractions are refused rather than rounded.
        var match = Pattern().Match(text);
        if (!match.Success || match.Groups["fraction"].Length > 8)
            return null;
        return DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : null;
    }

    /// <summary>Shortest exact form: no fraction when it is zero, "Z" for UTC, the offset otherwise.</summary>
    public static string Format(DateTimeOffset value)
    {
        var dateTime = value.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF", CultureInfo.InvariantCulture);
        return dateTime + (value.Offset == TimeSpan.Zero ? "Z" : value.ToString("zzz", CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?<fraction>\.[0-9]+)?(Z|[+\-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
