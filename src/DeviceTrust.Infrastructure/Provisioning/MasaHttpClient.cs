using System.Net.Http.Headers;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.Provisioning.Registrar;
using DeviceTrust.Enrollment.Brski;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Infrastructure.Provisioning;

/// <summary>
/// The registrar's HTTPS client to MASAs (RFC 8995 5.4): presents the registrar certificate as TLS client certificate
/// and accepts a MASA server that the platform trusts or, for the embedded DEV-ONLY MASA on this app's own listener,
/// one that chains to the domain root.
/// </summary>
internal sealed class MasaHttpClient : IMasaClient, IDisposable
{
    private readonly Lazy<HttpClient> _client;
    private readonly TimeSpan _timeout;

    /// <summary>A voucher is a few KiB; a MASA answering more is cut off rather than buffered.</summary>
    private const int MaxResponseBytes = 64 * 1024;

    public MasaHttpClient(DomainPki pki, EmbeddedMasaEndpoint embedded, IOptions<BrskiOptions> options)
    {
        _timeout = TimeSpan.FromSeconds(options.Value.MasaTimeoutSeconds);
        _client = new Lazy<HttpClient>(() => ManufacturerServices.Client(pki, embedded, MaxResponseBytes));
    }

    public async Task<MasaResponse> RequestVoucherAsync(Uri masaBaseUrl, byte[] registrarVoucherRequest, string acceptMediaType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(masaBaseUrl);
        var url = new Uri(new Uri(masaBaseUrl.AbsoluteUri.TrimEnd('/') + "/"), ".well-known/brski/requestvoucher");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(registrarVoucherRequest) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(BrskiMediaTypes.VoucherCmsJson);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(acceptMediaType));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _client.Value.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            return new MasaResponse((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new MasaFailedException($"The MASA at {masaBaseUrl} could not be reached: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        if (_client.IsValueCreated) _client.Value.Dispose();
    }
}
