using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Est;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Simulator.Provisioning;

/// <summary>The bodies an EST client sends and reads (RFC 7030 4; base64 transfer encoding relaxed by RFC 8951 3).</summary>
public static class EstMessages
{
    /// <summary>application/pkcs10, the base64 of the DER request, Content-Transfer-Encoding: base64 (RFC 7030 4.2.1).</summary>
    public static HttpContent Pkcs10Content(byte[] csrDer)
    {
        ArgumentNullException.ThrowIfNull(csrDer);
        var content = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes(EstBase64.Encode(csrDer)));
        content.Headers.ContentType = new MediaTypeHeaderValue(EstMediaTypes.Pkcs10);
        content.Headers.TryAddWithoutValidation(EstMediaTypes.ContentTransferEncoding, EstMediaTypes.Base64);
        return content;
    }

    /// <summary>A certs-only answer (RFC 7030 4.1.3, 4.2.3): application/pkcs7-mime, smime-type certs-only when given.</summary>
    /// <exception cref="EnrollmentFormatException">Another media type, transfer encoding, or a malformed body.</exception>
    public static Task<IReadOnlyList<X509Certificate2>> ReadCertsOnlyAsync(HttpResponseMessage response, CancellationToken cancellationToken = default) =>
        ReadCertsOnlyAsync(response, shared: false, cancellationToken);

    /// <summary>
    /// The cacerts answer (RFC 7030 4.1.3), read as <see cref="ReadCertsOnlyAsync(HttpResponseMessage, CancellationToken)"/>
    /// but as shared decodings (<see cref="DecodedCertificates"/>, never disposed): every device of a domain gets the same CAs.
    /// </summary>
    public static Task<IReadOnlyList<X509Certificate2>> ReadCaCertificatesAsync(HttpResponseMessage response, CancellationToken cancellationToken = default) =>
        ReadCertsOnlyAsync(response, shared: true, cancellationToken);

    private static async Task<IReadOnlyList<X509Certificate2>> ReadCertsOnlyAsync(HttpResponseMessage response, bool shared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        const string where = "EST certs-only response";
        var type = response.Content.Headers.ContentType;
        if (!string.Equals(type?.MediaType, EstMediaTypes.Pkcs7Mime, StringComparison.OrdinalIgnoreCase))
            throw new EnrollmentFormatException($"Content-Type '{type}' is not {EstMediaTypes.Pkcs7CertsOnly}", where);
        var smimeType = type!.Parameters.FirstOrDefault(p => p.Name.Equals("smime-type", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
        if (smimeType is not null && !smimeType.Equals("certs-only", StringComparison.OrdinalIgnoreCase))
            throw new EnrollmentFormatException($"smime-type '{smimeType}' is not certs-only", where);
        RequireBase64TransferEncoding(response, where);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return shared ? CertsOnlyPkcs7.ParseSharedBase64(body) : CertsOnlyPkcs7.ParseBase64(body);
    }

    /// <summary>The one certificate simpleenroll / simplereenroll issued (RFC 7030 4.2.3: "only the certificate that was issued").</summary>
    public static async Task<X509Certificate2> ReadIssuedCertificateAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        var certificates = await ReadCertsOnlyAsync(response, cancellationToken);
        return certificates.Count == 1
            ? certificates[0]
            : throw new EnrollmentFormatException($"{certificates.Count} certificates; an enrollment answer holds only the issued one", "EST enroll response");
    }

    /// <summary>The serverkeygen multipart/mixed answer (RFC 7030 4.4.2).</summary>
    public static async Task<ServerKeyGenResponse> ReadServerKeyGenAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var contentType = response.Content.Headers.ContentType?.ToString()
            ?? throw new EnrollmentFormatException("no Content-Type", "EST serverkeygen response");
        return ServerKeyGenResponse.Parse(contentType, await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    /// <summary>application/csrattrs, base64 DER (RFC 7030 4.5.2).</summary>
    public static async Task<IReadOnlyList<CsrAttribute>> ReadCsrAttributesAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        RequireBase64TransferEncoding(response, "EST csrattrs response");
        return CsrAttributes.DecodeBase64(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    // RFC 8951 3: the header may be absent; when present it must say base64. Unknown to HttpClient, it can land on
    // either header collection.
    private static void RequireBase64TransferEncoding(HttpResponseMessage response, string where)
    {
        var values = response.Headers.TryGetValues(EstMediaTypes.ContentTransferEncoding, out var onMessage) ? onMessage
            : response.Content.Headers.TryGetValues(EstMediaTypes.ContentTransferEncoding, out var onContent) ? onContent : [];
        var encoding = values.FirstOrDefault();
        if (encoding is not null && !encoding.Trim().Equals(EstMediaTypes.Base64, StringComparison.OrdinalIgnoreCase))
            throw new EnrollmentFormatException($"Content-Transfer-Encoding '{encoding}' is not base64", where);
    }
}
