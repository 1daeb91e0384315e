using System.Text;
using DeviceTrust.Enrollment.Cms;

namespace DeviceTrust.Enrollment.Est;

/// <summary>
/// Reads a serverkeygen multipart/mixed body (RFC 7030 4.4.2, RFC 2046 5.1): exactly two parts, an application/pkcs8
/// key and an application/pkcs7-mime certs-only, each base64 (RFC 8951 3: the Content-Transfer-Encoding header may
/// be absent; when present it must say base64).
/// </summary>
internal static class ServerKeyGenResponseParser
{
    private const string Where = "serverkeygen multipart/mixed";

    public static ServerKeyGenResponse Parse(string contentType, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentNullException.ThrowIfNull(body);
        var boundary = BoundaryOf(contentType);
        var text = Encoding.ASCII.GetString(body).Replace("\r\n", "\n", StringComparison.Ordinal);
        var delimiter = "--" + boundary;
        var end = text.IndexOf("\n" + delimiter + "--", StringComparison.Ordinal);
        if (!text.StartsWith(delimiter + "\n", StringComparison.Ordinal) && !text.Contains("\n" + delimiter + "\n", StringComparison.Ordinal))
            throw new EnrollmentFormatException($"no delimiter line '{delimiter}'", Where);
        if (end < 0)
            throw new EnrollmentFormatException($"no close-delimiter '{delimiter}--'", Where);
        var parts = ("\n" + text[..end]).Split("\n" + delimiter + "\n").Skip(1).Select(ParsePart).ToList();
        if (parts.Count != 2)
            throw new EnrollmentFormatException($"{parts.Count} parts; a key part and a certificate part expected", Where);
        var key = parts.SingleOrDefault(p => p.Type == EstMediaTypes.Pkcs8)
            ?? throw new EnrollmentFormatException($"no {EstMediaTypes.Pkcs8} part", Where);
        var certs = parts.SingleOrDefault(p => p.Type == EstMediaTypes.Pkcs7Mime)
            ?? throw new EnrollmentFormatException($"no {EstMediaTypes.Pkcs7Mime} part", Where);
        return new ServerKeyGenResponse(EstBase64.Decode(key.Body), CertsOnlyPkcs7.ParseBase64(certs.Body));
    }

    private static string BoundaryOf(string contentType)
    {
        var fields = contentType.Split(';', StringSplitOptions.TrimEntries);
        if (!fields[0].Equals(EstMediaTypes.MultipartMixed, StringComparison.OrdinalIgnoreCase))
            throw new EnrollmentFormatException($"Content-Type '{fields[0]}' is not {EstMediaTypes.MultipartMixed}", Where);
        var boundary = fields.Skip(1).Select(f => f.Split('=', 2, StringSplitOptions.TrimEntries))
            .FirstOrDefault(kv => kv.Length == 2 && kv[0].Equals("boundary", StringComparison.OrdinalIgnoreCase))?[1].Trim('"');
        return string.IsNullOrEmpty(boundary)
            ? throw new EnrollmentFormatException("Content-Type has no boundary parameter", Where)
            : boundary;
    }

    private sealed record Part(string Type, string Body);

    private static Part ParsePart(string part)
    {
        var split = part.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
            throw new EnrollmentFormatException("part without a blank line after its headers", Where);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in part[..split].Split('\n'))
        {
            var header = line.Split(':', 2, StringSplitOptions.TrimEntries);
            if (header.Length != 2 || !headers.TryAdd(header[0], header[1]))
                throw new EnrollmentFormatException($"malformed or repeated part header '{line}'", Where);
        }
        if (headers.TryGetValue(EstMediaTypes.ContentTransferEncoding, out var encoding)
            && !encoding.Equals(EstMediaTypes.Base64, StringComparison.OrdinalIgnoreCase))
            throw new EnrollmentFormatException($"Content-Transfer-Encoding '{encoding}' is not base64", Where);
        var type = headers.TryGetValue("Content-Type", out var value) ? value.Split(';')[0].Trim().ToLowerInvariant() : "";
        return new Part(type, part[(split + 2)..]);
    }
}
