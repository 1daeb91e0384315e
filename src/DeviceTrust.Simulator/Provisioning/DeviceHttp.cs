using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Simulator.Provisioning;

/// <summary>HTTPS as a device speaks it: its own client certificate, and a server judged by a <see cref="ServerCertificatePolicy"/>.</summary>
public static class DeviceHttp
{
    /// <param name="clientCertificate">Sent whenever the server asks, whatever CA names it lists (the server decides).</param>
    /// <param name="clientChain">
    /// CA certificates sent after <paramref name="clientCertificate"/> in the TLS Certificate message (RFC 8446 4.4.2), so a
    /// server that trusts only the root can build the path; .NET sends those that chain, without the root.
    /// </param>
    public static HttpClient CreateClient(Uri baseAddress, ServerCertificatePolicy policy, X509Certificate2? clientCertificate = null,
        IReadOnlyList<X509Certificate2>? clientChain = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(policy);
        var withChain = clientCertificate is not null && clientChain is { Count: > 0 };
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => policy.Validate(certificate, chain, errors),
                CertificateChainPolicy = TlsChainPolicy.JudgedByTheCallback(),
                ClientCertificateContext = withChain ? SslStreamCertificateContext.Create(clientCertificate!, [.. clientChain!], offline: true) : null,
                ClientCertificates = clientCertificate is null || withChain ? null : [clientCertificate],
                LocalCertificateSelectionCallback = clientCertificate is null || withChain ? null : (_, _, _, _, _) => clientCertificate,
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }
}
