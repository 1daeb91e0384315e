using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Simulator.Provisioning;

/// <summary>
/// The pledge's one persistent HTTPS connection to the registrar (RFC 8995 5.9: "use of HTTP/1.1 persistent connections
/// simplifies the pledge state machine"). The pledge must name the registrar's certificate inside the voucher-request it
/// sends on that connection (5.2 proximity-registrar-cert), but HttpClient builds a request before it connects. So the
/// TLS handshake is done here first, with the IDevID and any server certificate accepted provisionally and recorded
/// (<see cref="Registrar"/>); the HttpClient is then handed that open TLS stream and speaks HTTP/1.1 over it, and the
/// voucher exchange and EST continue on it. Should the server close it, the next request opens a new connection judged
/// by <see cref="Policy"/>: exactly the recorded certificate until the voucher pins the domain, the pinned check after.
/// </summary>
public sealed class PledgeConnection : IDisposable
{
    private readonly string _host;
    private readonly int _port;
    private readonly SslStreamCertificateContext _client;
    private SslStream? _opened;
    private ServerCertificatePolicy _policy;

    private PledgeConnection(Uri registrar, SslStreamCertificateContext client, SslStream opened, PresentedCertificate presented)
    {
        _host = registrar.DnsSafeHost;
        _port = registrar.Port;
        _client = client;
        _opened = opened;
        Registrar = presented;
        _policy = ServerCertificatePolicy.Exactly(presented.Leaf);
        // HTTP over the TLS stream this class opens: the handler itself must not add TLS, hence the http scheme.
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = (_, cancellationToken) => ConnectAsync(cancellationToken),
            MaxConnectionsPerServer = 1,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        };
        Http = new HttpClient(handler) { BaseAddress = new UriBuilder(registrar) { Scheme = Uri.UriSchemeHttp }.Uri };
    }

    /// <summary>The certificate the registrar presented at the first handshake, not yet trusted.</summary>
    public PresentedCertificate Registrar { get; }

    /// <summary>Requests to the registrar; relative paths (/.well-known/...).</summary>
    public HttpClient Http { get; }

    /// <summary>How a reconnection judges the server; the current one records why it last refused.</summary>
    public ServerCertificatePolicy Policy
    {
        get => Volatile.Read(ref _policy);
        set => Volatile.Write(ref _policy, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Connects and completes the TLS handshake, presenting <paramref name="clientCertificate"/> with its chain.</summary>
    /// <exception cref="HttpRequestException">The server cannot be reached or the handshake fails.</exception>
    public static async Task<PledgeConnection> OpenAsync(Uri registrar, X509Certificate2 clientCertificate, IReadOnlyList<X509Certificate2> clientChain,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        ArgumentNullException.ThrowIfNull(clientCertificate);
        ArgumentNullException.ThrowIfNull(clientChain);
        var client = SslStreamCertificateContext.Create(clientCertificate, [.. clientChain], offline: true);
        var provisional = ServerCertificatePolicy.Provisional();
        var stream = await HandshakeAsync(registrar.DnsSafeHost, registrar.Port, client, provisional, cancellationToken);
        var presented = provisional.LastPresented;
        if (presented is null)
        {
            await stream.DisposeAsync();
            throw new HttpRequestException("The TLS handshake completed without a server certificate.");
        }
        return new PledgeConnection(registrar, client, stream, presented);
    }

    private async ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _opened, null) ?? await HandshakeAsync(_host, _port, _client, Policy, cancellationToken);

    private static async Task<SslStream> HandshakeAsync(string host, int port, SslStreamCertificateContext client, ServerCertificatePolicy policy,
        CancellationToken cancellationToken)
    {
        var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        SslStream? tls = null;
        try
        {
            await tcp.ConnectAsync(host, port, cancellationToken);
            tls = new SslStream(new NetworkStream(tcp, ownsSocket: true), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host,
                ClientCertificateContext = client,
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => policy.Validate(certificate, chain, errors),
                CertificateChainPolicy = TlsChainPolicy.JudgedByTheCallback(),
            }, cancellationToken);
            return tls;
        }
        catch (Exception e)
        {
            if (tls is not null) await tls.DisposeAsync();
            tcp.Dispose();
            // Reported as HttpClient reports an unreachable server, so callers handle one exception type.
            if (e is SocketException or IOException or AuthenticationException)
                throw new HttpRequestException($"TLS to {host}:{port} failed: {e.Message}", e);
            throw;
        }
    }

    public void Dispose()
    {
        Http.Dispose();
        Interlocked.Exchange(ref _opened, null)?.Dispose();
    }
}
