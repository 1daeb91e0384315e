using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Simulator.Provisioning;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Integration;

/// <summary>
/// The pledge's one persistent connection (RFC 8995 5.9) against the real device listener: the registrar's certificate is
/// known before the first request, that request runs on the handshake already made, and a reconnection is judged by the
/// policy of the moment.
/// </summary>
public sealed class PledgeConnectionTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>, IDisposable
{
    private readonly X509Certificate2 _client = SelfSigned("CN=Pledge connection test");

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private X509Certificate2 Registrar => app.Factory.Services.GetRequiredService<DomainPki>().RegistrarTlsCertificate;

    public void Dispose() => _client.Dispose();

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    private async Task<HttpResponseMessage> CaCertsAsync(PledgeConnection connection, bool closeAfter = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/est/cacerts");
        request.Headers.ConnectionClose = closeAfter;
        return await connection.Http.SendAsync(request, Ct);
    }

    [Fact]
    public async Task OpenAsync_RegistrarKnownBeforeTheFirstRequest_WhichRunsOnThatSameHandshake()
    {
        using var connection = await PledgeConnection.OpenAsync(app.Https, _client, [], Ct);

        Assert.Equal(Registrar.RawData, connection.Registrar.Leaf.RawData);
        using var first = await CaCertsAsync(connection);
        using var second = await CaCertsAsync(connection);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        // A second handshake would have been judged, and recorded, by the reconnection policy.
        Assert.Null(connection.Policy.LastPresented);
    }

    [Fact]
    public async Task Reconnection_AfterTheServerClosed_IsJudgedExactlyAgainstTheRecordedCertificate()
    {
        using var connection = await PledgeConnection.OpenAsync(app.Https, _client, [], Ct);
        using var closing = await CaCertsAsync(connection, closeAfter: true);
        Assert.Equal(HttpStatusCode.OK, closing.StatusCode);

        using var again = await CaCertsAsync(connection);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(Registrar.RawData, connection.Policy.LastPresented?.Leaf.RawData);
        Assert.Null(connection.Policy.LastRejection);
    }

    [Fact]
    public async Task Reconnection_UnderAPolicyTheServerFails_IsRefusedAndSaysWhy()
    {
        using var other = SelfSigned("CN=Some other registrar");
        using var connection = await PledgeConnection.OpenAsync(app.Https, _client, [], Ct);
        using var closing = await CaCertsAsync(connection, closeAfter: true);
        connection.Policy = ServerCertificatePolicy.Exactly(other);

        await Assert.ThrowsAsync<HttpRequestException>(() => CaCertsAsync(connection));

        Assert.Contains("not the certificate seen before", connection.Policy.LastRejection, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_NothingListening_ThrowsHttpRequestException()
    {
        var closed = new UriBuilder(app.Https) { Port = FreePort() }.Uri;

        await Assert.ThrowsAsync<HttpRequestException>(() => PledgeConnection.OpenAsync(closed, _client, [], Ct));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
