using System.Collections.Concurrent;
using System.Text.Json;
using DeviceTrust.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Cli.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server with a device hub that accepts a device when its secret derives from the fleet secret,
/// as the DeviceTrust server does, and answers 401 otherwise.
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

    public static async Task<DeviceHubServer> StartAsync(string fleetSecret)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var log = new TelemetryLog();
        builder.Services.AddSingleton(log);
        builder.Services.AddSignalR();

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            var serial = context.Request.Headers["X-Device-Serial"].ToString();
            var expected = serial.Length > 0 ? "Device " + DeviceSecrets.Derive(fleetSecret, serial) : null;
            if (context.Request.Headers.Authorization.ToString() != expected)
            {
                log.Rejections.AddOrUpdate(serial, 1, (_, count) => count + 1);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

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
    public void ReportTelemetry(JsonElement telemetry) =>
        log.Readings.AddOrUpdate(Serial, 1, (_, count) => count + 1);

    public void ReportFirmware(JsonElement firmware)
    {
    }

    private string Serial => Context.GetHttpContext()!.Request.Headers["X-Device-Serial"].ToString();
}
