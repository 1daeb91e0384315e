using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Simulator.Tests.Updates;

/// <summary>A report as the test server received it over HTTPS: who posted it, its Content-Type and body.</summary>
public sealed record ReceivedReport(string Serial, string Path, string? ContentType, byte[] Body);

/// <summary>
/// A real Kestrel server on a free loopback port, as <see cref="TestDeviceServer"/> is (HTTPS, the device hub, the
/// verifier's sessions, devices authenticated by their LDevIDs), with the firmware endpoints of docs/update-protocol.md
/// served from <see cref="Firmware"/>: trust anchors, envelopes by path, images by their URI's path. Reports are recorded
/// and answered with <see cref="InProcessUpdateServer.ReportStatus"/>.
/// </summary>
public sealed class UpdateTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _serialByCertificate;
    private readonly ConcurrentQueue<ReceivedReport> _reports = new();
    private readonly ConcurrentDictionary<string, X509Certificate2> _ldevids = new(StringComparer.Ordinal);

    private UpdateTestServer(WebApplication app, TestCa ca, HubRecorder recorder, TestVerifier verifier, ConcurrentDictionary<string, string> serials)
    {
        _app = app;
        Ca = ca;
        Recorder = recorder;
        Verifier = verifier;
        _serialByCertificate = serials;
        Url = new Uri(app.Urls.Single());
    }

    public TestCa Ca { get; }

    public HubRecorder Recorder { get; }

    public TestVerifier Verifier { get; }

    public InProcessUpdateServer Firmware { get; } = new();

    public Uri Url { get; }

    public IReadOnlyList<ReceivedReport> Reports(string serial) => [.. _reports.Where(r => r.Serial == serial)];

    public static async Task<UpdateTestServer> StartAsync()
    {
        var ca = new TestCa();
        var serverCertificate = ca.IssueServerCertificate();
        var recorder = new HubRecorder();
        var verifier = new TestVerifier(TimeProvider.System);
        var serials = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = serverCertificate;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate();
        })));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(recorder);
        builder.Services.AddSignalR().AddJsonProtocol(options =>
        {
            // Strict binding, as TestDeviceServer's: a member the wire contract does not have fails the call.
            options.PayloadSerializerOptions.PropertyNameCaseInsensitive = false;
            options.PayloadSerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.PayloadSerializerOptions.RespectRequiredConstructorParameters = true;
        });

        var app = builder.Build();
        UpdateTestServer? server = null;
        app.Use(async (context, next) =>
        {
            var certificate = context.Connection.ClientCertificate;
            if (certificate is null || !serials.TryGetValue(KeyOf(certificate), out var serial))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, serial)], "ClientCertificate"));
            await next(context);
        });
        app.MapHub<TestDeviceHub>("/hubs/devices");
        verifier.Map(app, context => context.User.Identity?.Name ?? "");
        app.MapGet("/firmware/trust-anchors", async (CancellationToken ct) => Results.Json(
            (await server!.Firmware.GetTrustAnchorsAsync(ct)).Select(a => new { name = a.Name, format = a.Format, der = Convert.ToBase64String(a.Der) })));
        app.MapGet("/firmware/releases/{id}/envelope", (HttpContext http) =>
            server!.Firmware.Envelopes.TryGetValue(http.Request.Path, out var envelope)
                ? Results.Bytes(envelope, "application/suit-envelope+cose")
                : Results.NotFound());
        app.MapGet("/firmware/images/{digest}", (HttpContext http) =>
            server!.Firmware.Images.FirstOrDefault(i => new Uri(i.Key).AbsolutePath == http.Request.Path) is { Value: { } image }
                ? Results.Bytes(image, "application/octet-stream")
                : Results.NotFound());
        app.MapPost("/firmware/reports", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            server!._reports.Enqueue(new ReceivedReport(http.User.Identity?.Name ?? "", http.Request.Path, http.Request.ContentType, body.ToArray()));
            var reply = await server.Firmware.PostReportAsync(http.Request.Path, body.ToArray(), http.RequestAborted);
            return reply.Refusal is null ? Results.StatusCode(reply.HttpStatus) : Results.Problem(statusCode: reply.HttpStatus, title: "Refused");
        });

        await app.StartAsync(TestContext.Current.CancellationToken);
        server = new UpdateTestServer(app, ca, recorder, verifier, serials);
        return server;
    }

    /// <summary>Credentials from this server's CA, each LDevID accepted as it is issued.</summary>
    public TestCredentials NewCredentials() => new(Ca, certificate =>
    {
        var serial = DeviceCertificateFields.SubjectSerialNumber(certificate) ?? certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        _serialByCertificate[KeyOf(certificate)] = serial;
        _ldevids[serial] = certificate;
    });

    /// <summary>The LDevID last issued to <paramref name="serial"/>.</summary>
    public X509Certificate2 Ldevid(string serial) => _ldevids[serial];

    /// <summary>Sends the device's hub connection <paramref name="method"/> with <paramref name="argument"/> as its one argument.</summary>
    public async Task SendAsync(string serial, string method, object? argument)
    {
        var connection = Recorder.Connection(serial) ?? throw new InvalidOperationException($"{serial} is not connected.");
        var hub = _app.Services.GetRequiredService<IHubContext<TestDeviceHub>>();
        await hub.Clients.Client(connection.ConnectionId).SendAsync(method, argument, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static string KeyOf(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);
}
