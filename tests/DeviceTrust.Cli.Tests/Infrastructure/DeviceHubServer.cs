using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Enrollment.Pki;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Cli.Tests.Infrastructure;

/// <summary>
/// A real Kestrel device listener on 127.0.0.1 with the device hub, authenticating devices as the DeviceTrust server
/// does: TLS with a certificate of the domain, the device's client certificate must chain to the domain root, its
/// subject serialNumber names the device, and anything else is answered 401 before SignalR sees the request.
/// </summary>
public sealed class DeviceHubServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DeviceHubServer(WebApplication app, Uri url, TelemetryLog log)
    {
        _app = app;
        Url = url;
        Log = log;
    }

    public Uri Url { get; }

    public TelemetryLog Log { get; }

    public static async Task<DeviceHubServer> StartAsync(TestDomain domain)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        var serverCertificate = domain.IssueServerCertificate();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = serverCertificate;
            // Asked for, not required, and judged below: a refused certificate is an HTTP 401, as on the real server.
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate();
        })));
        builder.Logging.ClearProviders();
        var log = new TelemetryLog();
        builder.Services.AddSingleton(log);
        builder.Services.AddSignalR();

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            var certificate = context.Connection.ClientCertificate;
            var serial = certificate is null ? null : DeviceCertificateFields.SubjectSerialNumber(certificate);
            if (certificate is null || serial is null || !ChainValidator.Validate(certificate, domain.Root, DateTimeOffset.UtcNow).IsValid)
            {
                log.Rejections.AddOrUpdate(serial ?? "", 1, (_, count) => count + 1);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            context.Items[LoggingDeviceHub.SerialItem] = serial;
            await next(context);
        });
        app.MapHub<LoggingDeviceHub>("/hubs/devices");
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new DeviceHubServer(app, new Uri(app.Urls.Single()), log);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

public sealed class TelemetryLog
{
    public ConcurrentDictionary<string, int> Readings { get; } = new();

    public ConcurrentDictionary<string, int> Rejections { get; } = new();
}

public sealed class LoggingDeviceHub(TelemetryLog log) : Hub
{
    public const string SerialItem = "device-serial";

    public void ReportTelemetry(JsonElement telemetry) =>
        log.Readings.AddOrUpdate(Serial, 1, (_, count) => count + 1);

    public void ReportFirmware(JsonElement firmware)
    {
    }

    private string Serial => (string)Context.GetHttpContext()!.Items[SerialItem]!;
}
