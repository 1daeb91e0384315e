using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.Provisioning.Registrar;

namespace DeviceTrust.Infrastructure.Provisioning;

/// <summary>
/// The domain's HTTPS client to a manufacturer's services (its MASA, its attestation verifier): the registrar
/// certificate as TLS client certificate (the domain's identity towards the manufacturer), no redirects (one would offer
/// that certificate to wherever it points), a bounded answer, pooled connections. The server must have a certificate the
/// platform trusts, except the embedded DEV-ONLY services of simulated manufacturers: they answer on this app's own HTTPS
/// listener with the registrar's certificate, accepted only there and only that exact certificate.
/// </summary>
internal static class ManufacturerServices
{
    public static HttpClient Client(DomainPki pki, EmbeddedMasaEndpoint listener, int maxResponseBytes) =>
        new(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [pki.RegistrarTlsCertificate],
                RemoteCertificateValidationCallback = (sender, certificate, _, errors) =>
                    errors == SslPolicyErrors.None || IsOwnListener(sender, certificate, pki, listener),
            },
        }) { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = maxResponseBytes };

    private static bool IsOwnListener(object sender, X509Certificate? presented, DomainPki pki, EmbeddedMasaEndpoint listener) =>
        listener.BaseUrl is { } own && sender is SslStream { TargetHostName: var host } && string.Equals(host, own.Host, StringComparison.OrdinalIgnoreCase)
        && presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(pki.RegistrarTlsCertificate.RawData);
}
