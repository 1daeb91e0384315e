using System.Net;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Application.Fleet.Telemetry;
using DeviceTrust.Simulator;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Integration;

/// <summary>Real SignalR clients against the real hub over Kestrel, as a device would connect.</summary>
public sealed class DeviceHubTests(WebAppFixture app)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly DeviceTrustWebFactory _factory = app.Factory;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private HubConnection Connect(string serial, string? secret = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_factory.BaseAddress, "/hubs/devices"), o =>
            {
                o.Headers["X-Device-Serial"] = serial;
                o.Headers["Authorization"] = "Device " + (secret ?? DeviceSecrets.Derive(DeviceTrustWebFactory.FleetSecret, serial));
            })
            .Build();

    private static object Telemetry(double temperature, DateTimeOffset at) =>
        new { uptimeSeconds = 120L, temperatureCelsius = temperature, batteryPercent = 87.5, signalDbm = -71, measuredAt = at };

    /// <summary>Completes when the notifier reports a change of the given kind for the device.</summary>
    private Task<DeviceChanged> NextChangeAsync(string serial, DeviceChangeKind kind)
    {
        var seen = new TaskCompletionSource<DeviceChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = _factory.Services.GetRequiredService<IFleetNotifier>().Subscribe(changes =>
        {
            var match = changes.FirstOrDefault(c => c.SerialNumber == serial && c.Kind == kind);
            if (match is not null) seen.TrySetResult(match);
            return Task.CompletedTask;
        });
        return seen.Task.WaitAsync(Timeout, Ct).ContinueWith(t => { subscription.Dispose(); return t.Result; }, Ct);
    }

    private async Task<Domain.Devices.Device> LoadAsync(string serial)
    {
        await using var db = await _factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        return await db.Devices.AsNoTracking().SingleAsync(d => d.SerialNumber == serial, Ct);
    }

    [Fact]
    public async Task Device_SendsFirmwareAndTelemetry_StateIsPersistedAndNotified()
    {
        const string serial = "ACME-T1-TKY-00001";
        var firmwareSeen = NextChangeAsync(serial, DeviceChangeKind.Firmware);
        await using var device = Connect(serial);
        await device.StartAsync(Ct);

        await device.SendAsync("ReportFirmware", new { components = new[] { new { name = "bootloader", version = "2.1.0" }, new { name = "firmware", version = "1.5.0" } } }, Ct);
        await firmwareSeen;
        var telemetrySeen = NextChangeAsync(serial, DeviceChangeKind.Telemetry);
        await device.SendAsync("ReportTelemetry", Telemetry(23.25, DateTimeOffset.UtcNow), Ct);
        await telemetrySeen;

        var stored = await LoadAsync(serial);
        Assert.True(stored.IsOnline);
        Assert.Equal("1.5.0", stored.FirmwareVersion);
        Assert.Equal(23.25, stored.LatestTelemetry!.TemperatureCelsius);
        await using var db = await _factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        Assert.True(await db.TelemetrySamples.AnyAsync(s => s.DeviceId == stored.Id && s.TemperatureCelsius == 23.25, Ct));
    }

    [Fact]
    public async Task Device_WithWrongSecret_IsRefusedAt401()
    {
        await using var device = Connect("ACME-T1-TKY-00002", secret: "wrong");
        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => device.StartAsync(Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
    }

    [Fact]
    public async Task Device_UnknownSerial_IsRefusedAt401()
    {
        await using var device = Connect("NO-SUCH-DEVICE-1");
        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => device.StartAsync(Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
    }

    [Fact]
    public async Task Device_MalformedMessages_AreCountedAndTheConnectionCarriesOn()
    {
        const string serial = "ACME-T1-OSK-00002";
        var metrics = _factory.Services.GetRequiredService<FleetMetrics>();
        var malformedBefore = metrics.Malformed;
        await using var device = Connect(serial);
        await device.StartAsync(Ct);

        await device.SendAsync("ReportTelemetry", "not an object", Ct);
        await device.SendAsync("ReportTelemetry", new { uptimeSeconds = 1, temperatureCelsius = 999.0, batteryPercent = 50.0, signalDbm = -70, measuredAt = DateTimeOffset.UtcNow }, Ct);
        await device.SendAsync("ReportTelemetry", new { temperatureCelsius = "hot" }, Ct);
        await device.SendAsync("ReportFirmware", new { components = Array.Empty<object>() }, Ct);
        // Wrong arity is refused by SignalR's own binder; the connection must survive that too.
        await device.SendCoreAsync("ReportTelemetry", [1, 2], Ct);
        await device.SendAsync("NoSuchMethod", 1, Ct);

        var telemetrySeen = NextChangeAsync(serial, DeviceChangeKind.Telemetry);
        await device.SendAsync("ReportTelemetry", Telemetry(19.5, DateTimeOffset.UtcNow), Ct);
        await telemetrySeen;

        Assert.Equal(HubConnectionState.Connected, device.State);
        Assert.True(metrics.Malformed - malformedBefore >= 4, $"expected 4 malformed messages counted, saw {metrics.Malformed - malformedBefore}");
        Assert.Equal(19.5, (await LoadAsync(serial)).LatestTelemetry!.TemperatureCelsius);
    }

    [Fact]
    public async Task Device_CannotWriteAnotherDevicesState()
    {
        const string attacker = "KUMO-M7-00001";
        const string victim = "ACME-G2-TKY-00001";
        var victimBefore = await LoadAsync(victim);
        await using var device = Connect(attacker);
        await device.StartAsync(Ct);

        var telemetrySeen = NextChangeAsync(attacker, DeviceChangeKind.Telemetry);
        // Identity comes from authentication, so naming another device in the message changes nothing of it.
        await device.SendAsync("ReportTelemetry", new
        {
            serialNumber = victim, deviceId = victimBefore.Id, uptimeSeconds = 5L, temperatureCelsius = 88.0,
            batteryPercent = 1.0, signalDbm = -140, measuredAt = DateTimeOffset.UtcNow,
        }, Ct);
        await telemetrySeen;

        Assert.Equal(88.0, (await LoadAsync(attacker)).LatestTelemetry!.TemperatureCelsius);
        Assert.Equal(victimBefore.LatestTelemetry?.TemperatureCelsius, (await LoadAsync(victim)).LatestTelemetry?.TemperatureCelsius);
    }

    [Fact]
    public async Task Device_Disconnecting_GoesOffline()
    {
        const string serial = "ACME-T1-TKY-00002";
        var online = NextChangeAsync(serial, DeviceChangeKind.Presence);
        var device = Connect(serial);
        await device.StartAsync(Ct);
        await online;
        Assert.True((await LoadAsync(serial)).IsOnline);

        var offline = NextChangeAsync(serial, DeviceChangeKind.Presence);
        await device.DisposeAsync();
        await offline;
        Assert.False((await LoadAsync(serial)).IsOnline);
    }
}
