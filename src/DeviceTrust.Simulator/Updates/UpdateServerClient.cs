using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Updates;

/// <summary>
/// <see cref="IUpdateServer"/> over HTTPS with the device's LDevID as TLS client certificate, to the origin of the device
/// listener it is connected to (the same mutual TLS as its hub connection and its evidence).
/// </summary>
internal sealed class UpdateServerClient : IUpdateServer, IDisposable
{
    // The catalog's own limits are 16 MiB an image and 1 MiB an envelope by default; a device has room for no more than this.
    private const long MaxResponseBytes = 64L * 1024 * 1024;

    private readonly HttpClient _http;

    public UpdateServerClient(Uri serverUrl, ServerCertificatePolicy serverTrust, X509Certificate2 clientCertificate)
    {
        ArgumentNullException.ThrowIfNull(serverUrl);
        _http = DeviceHttp.CreateClient(new Uri(serverUrl.GetLeftPart(UriPartial.Authority)), serverTrust, clientCertificate);
        _http.MaxResponseContentBufferSize = MaxResponseBytes;
    }

    public async Task<IReadOnlyList<FirmwareTrustAnchor>> GetTrustAnchorsAsync(CancellationToken cancellationToken) =>
        FirmwareTrustAnchor.ParseList(await GetAsync(FirmwareApi.TrustAnchorsPath, "application/json", cancellationToken));

    public Task<byte[]> GetEnvelopeAsync(string envelopePath, CancellationToken cancellationToken) =>
        GetAsync(envelopePath, FirmwareApi.EnvelopeMediaType, cancellationToken);

    /// <summary>
    /// DEV-ONLY (docs/update-protocol.md §3): an https URI's path and query are fetched from the server the device is
    /// connected to, whatever host it names, so the catalog's image base URI need not match a listener on a random port.
    /// </summary>
    public Task<byte[]> GetImageAsync(string uri, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme != Uri.UriSchemeHttps)
            throw new HttpRequestException($"the image URI \"{uri}\" is not an https URI; the device fetches nothing else");
        return GetAsync(parsed.PathAndQuery, "application/octet-stream", cancellationToken);
    }

    public async Task<ReportReply> PostReportAsync(string reportPath, byte[] signedReport, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, reportPath) { Content = new ByteArrayContent(signedReport) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(FirmwareApi.ReportMediaType);
        request.Headers.Accept.Add(ServerReplies.AcceptProblemDetails);
        using var response = await _http.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        return response.IsSuccessStatusCode ? new ReportReply(status, null) : new ReportReply(status, await ServerReplies.ReadErrorAsync(response, cancellationToken));
    }

    public void Dispose() => _http.Dispose();

    private async Task<byte[]> GetAsync(string path, string mediaType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        request.Headers.Accept.Add(ServerReplies.AcceptProblemDetails);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await ServerReplies.ReadErrorAsync(response, cancellationToken);
            throw new HttpRequestException($"GET {path}: {error}", null, response.StatusCode);
        }
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }
}
