using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

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
                ClientCertificateContext = withChain ? SslStreamCertificateContext.Create(clientCertificate!, [.. clientChain!], offline: true) : null,
                ClientCertificates = clientCertificate is null || withChain ? null : [clientCertificate],
                LocalCertificateSelectionCallback = clientCertificate is null || withChain ? null : (_, _, _, _, _) => clientCertificate,
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }

    /// <summary>
    /// Opens one TLS connection only to see the server's certificate, then closes it. A pledge must name the registrar
    /// certificate in its voucher-request before it sends it (RFC 8995 3.4 proximity-registrar-cert, 5.2), and HttpClient
    /// builds a request before it connects; the request connection then accepts exactly this certificate.
    /// </summary>
    /// <exception cref="HttpRequestException">The server cannot be reached or the handshake fails.</exception>
    public static async Task<PresentedCertificate> ObserveServerCertificateAsync(Uri server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var policy = ServerCertificatePolicy.Provisional();
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(server.DnsSafeHost, server.Port, cancellationToken);
            await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = server.DnsSafeHost,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => policy.Validate(certificate, chain, errors),
            }, cancellationToken);
        }
        catch (Exception e) when (e is SocketException or IOException or AuthenticationException)
        {
            // Reported like HttpClient reports an unreachable server, so callers handle one exception type.
            throw new HttpRequestException($"TLS to {server.DnsSafeHost}:{server.Port} failed: {e.Message}", e);
        }
        return policy.LastPresented ?? throw new HttpRequestException("The TLS handshake completed without a server certificate.");
    }
}
