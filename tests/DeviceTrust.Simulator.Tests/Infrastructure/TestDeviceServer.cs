using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using DeviceTrust.Enrollment.Pki;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Simulator.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on a free loopback port, HTTPS with a certificate from <see cref="Ca"/>, with a device hub at
/// /hubs/devices and the verifier's session API (<see cref="Verifier"/>). Authenticates devices the way the DeviceTrust
/// server does: TLS takes any client certificate, then a certificate the server was not told to accept
/// (<see cref="Accept"/>) answers 401 before SignalR or the verifier sees the request.
/// </summary>
public sealed class TestDeviceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _serialByCertificate;

    private TestDeviceServer(WebApplication app, TestCa ca, HubRecorder recorder, TestVerifier verifier,
        ConcurrentDictionary<string, string> serialByCertificate)
    {
        _app = app;
        Ca = ca;
        Recorder = recorder;
        Verifier = verifier;
        _serialByCertificate = serialByCertificate;
        Url = new Uri(app.Urls.Single());
    }

    public TestCa Ca { get; }

    public HubRecorder Recorder { get; }

    public TestVerifier Verifier { get; }

    public Uri Url { get; }

    /// <param name="time">The verifier's clock, for its sessions' expiry.</param>
    public static async Task<TestDeviceServer> StartAsync(TimeProvider? time = null)
    {
        var ca = new TestCa();
        var serverCertificate = ca.IssueServerCertificate();
        var recorder = new HubRecorder();
        var verifier = new TestVerifier(time ?? TimeProvider.System);
        var serialByCertificate = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.UseHttps(https =>
            {
                https.ServerCertificate = serverCertificate;
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                // As the DeviceTrust server does: TLS takes any certificate, the application decides (below).
                https.AllowAnyClientCertificate();
                https.OnAuthenticate = (_, _) => recorder.TlsHandshakeStarted();
            });
        }));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(recorder);
        builder.Services.AddSignalR().AddJsonProtocol(options =>
        {
            // Strict binding: a misspelt, missing or extra property is a binding failure, not a silent default.
            options.PayloadSerializerOptions.PropertyNameCaseInsensitive = false;
            options.PayloadSerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.PayloadSerializerOptions.RespectRequiredConstructorParameters = true;
            options.PayloadSerializerOptions.RespectNullableAnnotations = true;
        });

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            recorder.RequestReceived();
            var toVerifier = context.Request.Path.StartsWithSegments(TestVerifier.SessionsPath);
            if (context.Request.Path.StartsWithSegments("/hubs/devices", out var rest) || toVerifier)
            {
                var certificate = context.Connection.ClientCertificate;
                if (rest == "/negotiate")
                {
                    // Counted by the serial the certificate claims, so a refused device's attempts are seen too.
                    recorder.Negotiated(certificate is null ? "" : ClaimedSerial(certificate));
                }

                if (certificate is null || !serialByCertificate.TryGetValue(KeyOf(certificate), out var serial))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, serial)], "ClientCertificate"));
            }

            await next(context);
        });
        app.MapHub<TestDeviceHub>("/hubs/devices");
        verifier.Map(app, context => context.User.Identity?.Name ?? "");

        await app.StartAsync(TestContext.Current.CancellationToken);
        return new TestDeviceServer(app, ca, recorder, verifier, serialByCertificate);
    }

    /// <summary>Credentials from this server's CA, each LDevID accepted by the server as it is issued.</summary>
    public TestCredentials NewCredentials() => new(Ca, Accept);

    /// <summary>Accepts <paramref name="certificate"/> from now on as the device its subject serialNumber names.</summary>
    public void Accept(X509Certificate2 certificate) =>
        _serialByCertificate[KeyOf(certificate)] = ClaimedSerial(certificate);

    /// <summary>Sends the device's hub connection an "Attest" request with <paramref name="argument"/> as its one argument.</summary>
    public async Task SendAttestAsync(string serial, object? argument)
    {
        var connection = Recorder.Connection(serial) ?? throw new InvalidOperationException($"{serial} is not connected.");
        var hub = _app.Services.GetRequiredService<IHubContext<TestDeviceHub>>();
        await hub.Clients.Client(connection.ConnectionId).SendAsync("Attest", argument, TestContext.Current.CancellationToken);
    }

    /// <summary>Stops accepting every certificate of <paramref name="serial"/>.</summary>
    public void Revoke(string serial)
    {
        foreach (var entry in _serialByCertificate.Where(entry => entry.Value == serial))
        {
            _serialByCertificate.TryRemove(entry);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static string KeyOf(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    private static string ClaimedSerial(X509Certificate2 certificate) =>
        DeviceCertificateFields.SubjectSerialNumber(certificate) ?? certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
}
