using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeviceTrust.Enrollment.Cms;

namespace DeviceTrust.Enrollment.Est;

/// <summary>
/// The serverkeygen response (RFC 7030 4.4.2): multipart/mixed with the private key part (application/pkcs8,
/// base64 DER PrivateKeyInfo) followed by the certificate part (certs-only CMS). Only the unencrypted key form is
/// built; RFC 7030 4.4.2 relies on the TLS session for its confidentiality.
/// </summary>
public sealed record ServerKeyGenResponse(byte[] PrivateKeyPkcs8, IReadOnlyList<X509Certificate2> Certificates)
{
    /// <summary>Base64 cannot contain "-" (RFC 4648 4), so no part body can look like the boundary line.</summary>
    public const string DefaultBoundary = "est";

    /// <summary>The Content-Type header value and the body bytes (CRLF line ends, RFC 2046 5.1.1).</summary>
    public (string ContentType, byte[] Body) Build(string boundary = DefaultBoundary)
    {
        ArgumentException.ThrowIfNullOrEmpty(boundary);
        if (boundary.Length > 70 || boundary.Any(c => c is < ' ' or > '~' || c == '"'))
            throw new ArgumentException("A boundary is 1..70 printable characters without quotes (RFC 2046 5.1.1).", nameof(boundary));
        var body = new StringBuilder();
        AppendPart(body, boundary, EstMediaTypes.Pkcs8, EstBase64.Encode(PrivateKeyPkcs8));
        AppendPart(body, boundary, EstMediaTypes.Pkcs7CertsOnly, CertsOnlyPkcs7.BuildBase64(Certificates));
        body.Append("--").Append(boundary).Append("--\r\n");
        return ($"{EstMediaTypes.MultipartMixed}; boundary={boundary}", Encoding.ASCII.GetBytes(body.ToString()));
    }

    /// <summary>Parses a response built by any RFC 7030 server (see <see cref="ServerKeyGenResponseParser"/>).</summary>
    public static ServerKeyGenResponse Parse(string contentType, byte[] body) => ServerKeyGenResponseParser.Parse(contentType, body);

    private static void AppendPart(StringBuilder body, string boundary, string contentType, string base64)
    {
        body.Append("--").Append(boundary).Append("\r\n")
            .Append("Content-Type: ").Append(contentType).Append("\r\n")
            .Append(EstMediaTypes.ContentTransferEncoding).Append(": ").Append(EstMediaTypes.Base64).Append("\r\n\r\n")
            .Append(base64);
    }
}
