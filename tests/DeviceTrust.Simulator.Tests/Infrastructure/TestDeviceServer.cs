using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Simulator.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on a free loopback port with a device hub at /hubs/devices, authenticating devices the way
/// the DeviceTrust server does: unknown serial or wrong secret answers 401 before SignalR sees the request.
/// </summary>
public sealed class TestDeviceServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestDeviceServer(WebApplication app, HubRecorder recorder, Uri url)
    {
        _app = app;
        Recorder = recorder;
        Url = url;
    }

    public HubRecorder Recorder { get; }

    public Uri Url { get; }

    public static async Task<TestDeviceServer> StartAsync(IReadOnlyDictionary<string, string> secretsBySerial)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var recorder = new HubRecorder();
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
            if (context.Request.Path.StartsWithSegments("/hubs/devices", out var rest))
            {
                var serial = context.Request.Headers[TestDeviceHub.SerialHeader].ToString();
                if (rest == "/negotiate")
                {
                    recorder.Negotiated(serial);
                }

                var authorization = context.Request.Headers.Authorization.ToString();
                if (!secretsBySerial.TryGetValue(serial, out var secret) || authorization != "Device " + secret)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
            }

            await next(context);
        });
        app.MapHub<TestDeviceHub>("/hubs/devices");

        await app.StartAsync(TestContext.Current.CancellationToken);
        return new TestDeviceServer(app, recorder, new Uri(app.Urls.Single()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
