using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Est;

namespace DeviceTrust.Simulator.Provisioning;

/// <summary>
/// An EST client (RFC 7030) over an <see cref="HttpClient"/> whose handler carries the client certificate and the
/// server trust (see <see cref="DeviceHttp"/>). Every call answers a <see cref="ServerReply{T}"/>: the value, pending
/// with Retry-After, or a refusal with the problem details; a malformed 2xx body throws
/// <see cref="Enrollment.EnrollmentFormatException"/>.
/// </summary>
public sealed class EstClient(HttpClient http, TimeProvider? timeProvider = null)
{
    /// <summary>RFC 7030 3.2.2, without the optional CA label.</summary>
    public const string PathPrefix = "/.well-known/est/";

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Used when a 202 carries no usable Retry-After.</summary>
    public TimeSpan DefaultRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// GET /cacerts (RFC 7030 4.1): the CA certificates, no client authentication needed. They are shared decodings
    /// (<see cref="Enrollment.Pki.DecodedCertificates"/>): read them, never dispose them.
    /// </summary>
    public Task<ServerReply<IReadOnlyList<X509Certificate2>>> GetCaCertificatesAsync(CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, PathPrefix + "cacerts"), EstMediaTypes.Pkcs7Mime, EstMessages.ReadCaCertificatesAsync, cancellationToken);

    /// <summary>GET /csrattrs (RFC 7030 4.5).</summary>
    public Task<ServerReply<IReadOnlyList<CsrAttribute>>> GetCsrAttributesAsync(CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, PathPrefix + "csrattrs"), EstMediaTypes.CsrAttrs, EstMessages.ReadCsrAttributesAsync, cancellationToken);

    /// <summary>POST /simpleenroll (RFC 7030 4.2.1) with a DER PKCS#10 request: the issued certificate.</summary>
    public Task<ServerReply<X509Certificate2>> SimpleEnrollAsync(byte[] csrDer, CancellationToken cancellationToken = default) =>
        PostCsrAsync("simpleenroll", csrDer, EstMediaTypes.Pkcs7Mime, EstMessages.ReadIssuedCertificateAsync, cancellationToken);

    /// <summary>POST /simplereenroll (RFC 7030 4.2.2); the TLS client certificate is the one being renewed.</summary>
    public Task<ServerReply<X509Certificate2>> SimpleReenrollAsync(byte[] csrDer, CancellationToken cancellationToken = default) =>
        PostCsrAsync("simplereenroll", csrDer, EstMediaTypes.Pkcs7Mime, EstMessages.ReadIssuedCertificateAsync, cancellationToken);

    /// <summary>POST /serverkeygen (RFC 7030 4.4): the server makes the key pair and returns it with the certificate.</summary>
    public Task<ServerReply<ServerKeyGenResponse>> ServerKeyGenAsync(byte[] csrDer, CancellationToken cancellationToken = default) =>
        PostCsrAsync("serverkeygen", csrDer, EstMediaTypes.MultipartMixed, EstMessages.ReadServerKeyGenAsync, cancellationToken);

    private Task<ServerReply<T>> PostCsrAsync<T>(string operation, byte[] csrDer, string accept,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csrDer);
        var request = new HttpRequestMessage(HttpMethod.Post, PathPrefix + operation) { Content = EstMessages.Pkcs10Content(csrDer) };
        return SendAsync(request, accept, read, cancellationToken);
    }

    private async Task<ServerReply<T>> SendAsync<T>(HttpRequestMessage request, string accept,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            request.Headers.Accept.Add(ServerReplies.AcceptProblemDetails);
            using var response = await http.SendAsync(request, cancellationToken);
            return await ServerReplies.ReadAsync(response, read, _time.GetUtcNow(), DefaultRetryAfter, cancellationToken);
        }
    }
}
