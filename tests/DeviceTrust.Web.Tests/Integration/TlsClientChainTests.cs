using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Web.Tests.Integration;

/// <summary>
/// What <see cref="DeviceListener"/> relies on in SslStream, checked on this platform: the server's validation callback
/// sees the client's sent certificates in the chain's ExtraStore, and a callback given to the SslStream constructor (as
/// Kestrel does unless its ClientCertificateMode is NoCertificate) cannot be joined by another in the options.
/// </summary>
public sealed class TlsClientChainTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServerCallback_ClientSendsLeafAndIntermediate_ExtraStoreHoldsTheIntermediate()
    {
        var root = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Chain Test Root"), TimeSpan.FromDays(1), TimeProvider.System);
        var intermediate = root.CreateIssuingCa(new X500DistinguishedName("CN=Chain Test Intermediate"), TimeSpan.FromDays(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issued = intermediate.IssueIdevid(new IdevidRequest(key.ExportSubjectPublicKeyInfo(), "CHAIN-0001"));
        using var leaf = issued.CopyWithPrivateKey(key);
        TlsClientChain? seen = null;

        await HandshakeAsync(
            new SslServerAuthenticationOptions
            {
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                {
                    seen = TlsClientChain.From(certificate, chain);
                    return true;
                },
            },
            new SslClientAuthenticationOptions { ClientCertificateContext = SslStreamCertificateContext.Create(leaf, [intermediate.Certificate], offline: true) });

        Assert.NotNull(seen);
        Assert.Equal(intermediate.Certificate.RawData, Assert.Single(seen.Intermediates).RawData);
    }

    [Fact]
    public async Task ServerOptions_CallbackAlsoGivenToTheConstructor_AreRefused()
    {
        RemoteCertificateValidationCallback kestrels = (_, _, _, _) => true;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => HandshakeAsync(
            new SslServerAuthenticationOptions { ClientCertificateRequired = true, RemoteCertificateValidationCallback = (_, _, _, _) => true },
            new SslClientAuthenticationOptions(), serverConstructorCallback: kestrels));

        Assert.Contains(nameof(RemoteCertificateValidationCallback), error.Message, StringComparison.Ordinal);
    }

    private async Task HandshakeAsync(SslServerAuthenticationOptions server, SslClientAuthenticationOptions client,
        RemoteCertificateValidationCallback? serverConstructorCallback = null)
    {
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        using var serverCertificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        server.ServerCertificateContext = SslStreamCertificateContext.Create(serverCertificate, null, offline: true);
        client.TargetHost = "localhost";
        client.RemoteCertificateValidationCallback = (_, _, _, _) => true;

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            using var tcpClient = new TcpClient();
            var accepted = listener.AcceptTcpClientAsync(Ct).AsTask();
            await tcpClient.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, Ct);
            using var tcpServer = await accepted;
            await using var serverStream = new SslStream(tcpServer.GetStream(), false, serverConstructorCallback);
            await using var clientStream = new SslStream(tcpClient.GetStream(), false);
            var serverSide = serverStream.AuthenticateAsServerAsync(server, Ct);
            if (serverSide.IsFaulted) await serverSide;
            await Task.WhenAll(serverSide, clientStream.AuthenticateAsClientAsync(client, Ct));
        }
        finally
        {
            listener.Stop();
        }
    }
}
