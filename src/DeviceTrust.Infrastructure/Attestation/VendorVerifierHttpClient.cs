using System.Net.Http.Json;
using DeviceTrust.Application.Attestation.Vendor;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.Provisioning.Registrar;
using DeviceTrust.Infrastructure.Provisioning;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Infrastructure.Attestation;

/// <summary>
/// The domain's HTTPS client to manufacturers' attestation verifiers, as the registrar's to their MASAs
/// (<see cref="ManufacturerServices"/>), with a timeout.
/// </summary>
internal sealed class VendorVerifierHttpClient : IVendorVerifierClient, IDisposable
{
    private readonly Lazy<HttpClient> _client;
    private readonly TimeSpan _timeout;

    /// <summary>An EAR carries the raw evidence (at most 64 KiB, base64url): a larger answer is cut off rather than buffered.</summary>
    private const int MaxResponseBytes = 128 * 1024;

    public VendorVerifierHttpClient(DomainPki pki, EmbeddedMasaEndpoint listener, IOptions<BrskiOptions> options)
    {
        _timeout = TimeSpan.FromSeconds(options.Value.MasaTimeoutSeconds);
        _client = new Lazy<HttpClient>(() => ManufacturerServices.Client(pki, listener, MaxResponseBytes));
    }

    public async Task<VendorVerifierAnswer> AppraiseAsync(Uri verifierUrl, VendorAppraisalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verifierUrl);
        var url = new Uri(new Uri(verifierUrl.AbsoluteUri.TrimEnd('/') + "/"), "appraise");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _client.Value.PostAsJsonAsync(url, request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return new VendorVerifierAnswer((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new VendorVerifierFailedException($"The attestation verifier at {verifierUrl} could not be reached: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        if (_client.IsValueCreated) _client.Value.Dispose();
    }
}
