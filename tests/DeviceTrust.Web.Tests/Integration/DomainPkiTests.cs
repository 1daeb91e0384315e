using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.TrustAnchors;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Integration;

/// <summary>The domain PKI as relying parties meet it: the CRL and root over HTTP, the registrar over real TLS.</summary>
public sealed class DomainPkiTests(WebAppFixture app)
{
    private readonly DeviceTrustWebFactory _factory = app.Factory;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Crl_Anonymous_IsSignedByTheIssuingCaAndCurrent()
    {
        using var client = BrowserlessClient.Anonymous(_factory);
        var response = await client.GetAsync("/pki/crl", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pkix-crl", response.Content.Headers.ContentType?.MediaType);
        var crl = CertificateRevocationList.Parse(await response.Content.ReadAsByteArrayAsync(Ct));
        var pki = _factory.Services.GetRequiredService<DomainPki>();
        Assert.True(crl.VerifySignature(pki.Issuing.Certificate));
        Assert.True(crl.NextUpdate > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task RootCertificate_IsTheDomainCaTrustAnchor()
    {
        using var client = BrowserlessClient.Anonymous(_factory);
        using var root = X509CertificateLoader.LoadCertificate(await client.GetByteArrayAsync("/pki/root.crt", Ct));

        var anchors = await _factory.Services.GetRequiredService<TrustAnchorQueries>().ListAnchorsAsync(TrustAnchorPurpose.DomainCa, cancellationToken: Ct);
        var anchor = Assert.Single(anchors, a => a.Owner == DomainPki.BuiltInTpaName);
        Assert.Equal(AnchorMaterialReader.Fingerprint(root.RawData), anchor.Fingerprint);
    }

    [Fact]
    public async Task DeviceListener_ServesTheRegistrarCertificateChainingToTheDomainRoot()
    {
        await using var factory = new DeviceTrustWebFactory(withDeviceListener: true);
        factory.StartServer();
        var https = factory.Addresses.Single(a => a.Scheme == Uri.UriSchemeHttps);
        var pki = factory.Services.GetRequiredService<DomainPki>();
        X509Certificate2? presented = null;
        X509ChainStatusFlags chainStatus = X509ChainStatusFlags.NoError;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, chain, _) =>
            {
                presented = new X509Certificate2(certificate!);
                (var trusted, chainStatus) = PinnedRoot.Check(pki.Root.Certificate, presented, chain!);
                return trusted;
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = https };

        var response = await client.GetAsync("/health", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(X509ChainStatusFlags.NoError, chainStatus);
        Assert.Equal(pki.RegistrarTlsCertificate.Thumbprint, presented!.Thumbprint);
        Assert.Contains(presented.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(),
            oid => oid.Value == "1.3.6.1.5.5.7.3.1");
    }
}
