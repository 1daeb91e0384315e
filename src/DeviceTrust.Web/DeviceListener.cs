using System.Net.Security;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Enrollment.Pki;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace DeviceTrust.Web;

internal static class DeviceListener
{
    /// <summary>
    /// Every HTTPS endpoint (5443 by default: see launchSettings and ASPNETCORE_URLS) serves the registrar's TLS
    /// certificate from the domain PKI and lets devices present a client certificate (their IDevID or LDevID) without
    /// requiring one: the device endpoints decide, per RFC 8995 5.1 provisional TLS. The browser UI stays on HTTP 5080.
    /// </summary>
    public static WebApplicationBuilder AddDeviceListener(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            // Resolved per handshake: the PKI is loaded at start, after Kestrel's options may already be built.
            var pki = kestrel.ApplicationServices.GetRequiredService<DomainPki>();
            var certificate = new Lazy<SslStreamCertificateContext>(() =>
                // The issuing CA goes with the leaf, so a device holding only the pinned root builds the chain (RFC 8446 4.4.2).
                SslStreamCertificateContext.Create(pki.RegistrarTlsCertificate, [pki.Issuing.Certificate], offline: true));
            https.ServerCertificateSelector = (_, _) => pki.RegistrarTlsCertificate;
            https.OnAuthenticate = (connection, ssl) =>
            {
                ssl.ServerCertificateSelectionCallback = null;
                ssl.ServerCertificate = null;
                ssl.ServerCertificateContext = certificate.Value;
                // Ask for a client certificate and accept any, or none: chains are checked against the trust anchors by the
                // endpoint that uses the certificate, not by TLS. The callback also keeps the certificates the client sent
                // after its own (ITlsClientChainFeature), which EST needs to build an IDevID's path to its anchor.
                ssl.ClientCertificateRequired = true;
                // The endpoints judge the client's chain, not TLS: the chain SslStream builds first needs no system roots.
                ssl.CertificateChainPolicy = TlsChainPolicy.JudgedByTheCallback();
                ssl.RemoteCertificateValidationCallback = (_, client, chain, _) =>
                {
                    connection.Features.Set<ITlsClientChainFeature>(TlsClientChain.From(client, chain));
                    return true;
                };
            };
            // Not AllowCertificate: Kestrel then gives SslStream its own validation callback at construction, and SslStream
            // refuses a second one in the options (TlsClientChainTests); the callback above does what Kestrel's did with
            // AllowAnyClientCertificate, accept every certificate and the absence of one.
            https.ClientCertificateMode = ClientCertificateMode.NoCertificate;
        }));
        return builder;
    }
}
