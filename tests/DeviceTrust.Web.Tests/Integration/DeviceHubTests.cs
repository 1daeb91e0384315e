using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Application.Fleet.Telemetry;
using DeviceTrust.Application.Provisioning.Certificates;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Integration;

/// <summary>
/// Real SignalR clients against the real hub, as a device connects: over TLS on the device listener with the LDevID it
/// enrolled for (the only device credential). Each test enrolls its own devices, so none depends on the seeded fleet.
/// </summary>
public sealed class DeviceHubTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly Actor Operator = new("user:test-operator", null, new HashSet<string> { Roles.Operator });
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private IServiceProvider Services => app.Factory.Services;

    private Task<EnrolledDevice> EnrollAsync(string prefix) => EnrolledDevice.EnrollAsync(app, prefix, Ct);

    private static object Telemetry(double temperature, DateTimeOffset at) =>
        new { uptimeSeconds = 120L, temperatureCelsius = temperature, batteryPercent = 87.5, signalDbm = -71, measuredAt = at };

    /// <summary>Completes when the notifier reports a change of the given kind for the device.</summary>
    private Task<DeviceChanged> NextChangeAsync(string serial, DeviceChangeKind kind)
    {
        var seen = new TaskCompletionSource<DeviceChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = Services.GetRequiredService<IFleetNotifier>().Subscribe(changes =>
        {
            var match = changes.FirstOrDefault(c => c.SerialNumber == serial && c.Kind == kind);
            if (match is not null) seen.TrySetResult(match);
            return Task.CompletedTask;
        });
        return seen.Task.WaitAsync(Timeout, Ct).ContinueWith(t => { subscription.Dispose(); return t.Result; }, Ct);
    }

    private async Task<Device> LoadAsync(string serial)
    {
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        return await db.Devices.AsNoTracking().SingleAsync(d => d.SerialNumber == serial, Ct);
    }

    [Fact]
    public async Task Device_SendsFirmwareAndTelemetry_StateIsPersistedAndNotified()
    {
        using var enrolled = await EnrollAsync("KUMO-M7-HT");
        var firmwareSeen = NextChangeAsync(enrolled.Serial, DeviceChangeKind.Firmware);
        await using var device = enrolled.Connect();
        await device.StartAsync(Ct);

        await device.SendAsync("ReportFirmware", new { components = new[] { new { name = "firmware", version = "0.9.13" }, new { name = "metrology", version = "4.1" } } }, Ct);
        await firmwareSeen;
        var telemetrySeen = NextChangeAsync(enrolled.Serial, DeviceChangeKind.Telemetry);
        await device.SendAsync("ReportTelemetry", Telemetry(23.25, DateTimeOffset.UtcNow), Ct);
        await telemetrySeen;

        var stored = await LoadAsync(enrolled.Serial);
        Assert.True(stored.IsOnline);
        // Reporting is not attesting: it enters service by an affirming verdict (AttestationLifecycleTests).
        Assert.Equal(DeviceState.Enrolled, stored.State);
        Assert.Equal("0.9.13", stored.FirmwareVersion);
        Assert.Equal(23.25, stored.LatestTelemetry!.TemperatureCelsius);
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        Assert.True(await db.TelemetrySamples.AnyAsync(s => s.DeviceId == stored.Id && s.TemperatureCelsius == 23.25, Ct));
    }

    [Fact]
    public async Task Device_MalformedMessages_AreCountedAndTheConnectionCarriesOn()
    {
        using var enrolled = await EnrollAsync("KUMO-M7-MF");
        var metrics = Services.GetRequiredService<FleetMetrics>();
        var malformedBefore = metrics.Malformed;
        await using var device = enrolled.Connect();
        await device.StartAsync(Ct);

        await device.SendAsync("ReportTelemetry", "not an object", Ct);
        await device.SendAsync("ReportTelemetry", new { uptimeSeconds = 1, temperatureCelsius = 999.0, batteryPercent = 50.0, signalDbm = -70, measuredAt = DateTimeOffset.UtcNow }, Ct);
        await device.SendAsync("ReportTelemetry", new { temperatureCelsius = "hot" }, Ct);
        await device.SendAsync("ReportFirmware", new { components = Array.Empty<object>() }, Ct);
        // Wrong arity is refused by SignalR's own binder; the connection must survive that too.
        await device.SendCoreAsync("ReportTelemetry", [1, 2], Ct);
        await device.SendAsync("NoSuchMethod", 1, Ct);

        var telemetrySeen = NextChangeAsync(enrolled.Serial, DeviceChangeKind.Telemetry);
        await device.SendAsync("ReportTelemetry", Telemetry(19.5, DateTimeOffset.UtcNow), Ct);
        await telemetrySeen;

        Assert.Equal(HubConnectionState.Connected, device.State);
        Assert.True(metrics.Malformed - malformedBefore >= 4, $"expected 4 malformed messages counted, saw {metrics.Malformed - malformedBefore}");
        Assert.Equal(19.5, (await LoadAsync(enrolled.Serial)).LatestTelemetry!.TemperatureCelsius);
    }

    [Fact]
    public async Task Device_CannotWriteAnotherDevicesState()
    {
        using var attacker = await EnrollAsync("KUMO-M7-AT");
        using var victim = await EnrollAsync("KUMO-M7-VI");
        var victimBefore = await LoadAsync(victim.Serial);
        await using var device = attacker.Connect();
        await device.StartAsync(Ct);

        var telemetrySeen = NextChangeAsync(attacker.Serial, DeviceChangeKind.Telemetry);
        // Identity comes from the LDevID, so naming another device in the message changes nothing of it.
        await device.SendAsync("ReportTelemetry", new
        {
            serialNumber = victim.Serial, deviceId = victim.Id, uptimeSeconds = 5L, temperatureCelsius = 88.0,
            batteryPercent = 1.0, signalDbm = -140, measuredAt = DateTimeOffset.UtcNow,
        }, Ct);
        await telemetrySeen;

        Assert.Equal(88.0, (await LoadAsync(attacker.Serial)).LatestTelemetry!.TemperatureCelsius);
        var victimAfter = await LoadAsync(victim.Serial);
        Assert.Equal(victimBefore.LatestTelemetry, victimAfter.LatestTelemetry);
        Assert.Equal((DeviceState.Enrolled, false), (victimAfter.State, victimAfter.IsOnline));
    }

    [Fact]
    public async Task Device_Disconnecting_GoesOffline()
    {
        using var enrolled = await EnrollAsync("KUMO-M7-DC");
        var online = NextChangeAsync(enrolled.Serial, DeviceChangeKind.Presence);
        var device = enrolled.Connect();
        await device.StartAsync(Ct);
        await online;
        Assert.True((await LoadAsync(enrolled.Serial)).IsOnline);

        var offline = NextChangeAsync(enrolled.Serial, DeviceChangeKind.Presence);
        await device.DisposeAsync();
        await offline;
        Assert.False((await LoadAsync(enrolled.Serial)).IsOnline);
    }

    [Fact]
    public async Task Device_WithoutAClientCertificate_IsRefusedAt401() =>
        await Impostor.AssertHubRefusesAsync(EnrolledDevice.Connect(app, certificate: null), Ct);

    [Fact]
    public async Task Device_SelfSignedCertificateNamingAnEnrolledSerial_IsRefusedAt401()
    {
        using var enrolled = await EnrollAsync("KUMO-M7-SS");
        // Subject as the domain's LDevID has it (CN and serialNumber), so only who signed it tells them apart.
        using var forged = Impostor.LookAlike(enrolled.Ldevid.SubjectName);

        await Impostor.AssertHubRefusesAsync(enrolled.Connect(forged), Ct);

        Assert.Equal(DeviceState.Enrolled, (await LoadAsync(enrolled.Serial)).State);
    }

    [Fact]
    public async Task Device_PresentingItsIdevid_IsRefusedAt401()
    {
        // The IDevID proves the device to the registrar; only the LDevID the domain issued opens the hub.
        using var enrolled = await EnrollAsync("KUMO-M7-ID");

        await Impostor.AssertHubRefusesAsync(enrolled.Connect(enrolled.Pledge.Idevid), Ct);
    }

    [Fact]
    public async Task Device_Revoked_IsRefusedAt401WithTheLdevidThatWorkedBefore()
    {
        using var enrolled = await EnrollAsync("KUMO-M7-RV");
        await using (var before = enrolled.Connect())
        {
            await before.StartAsync(Ct);
            await before.StopAsync(Ct);
        }

        await Services.GetRequiredService<CertificateRevocation>().RevokeDeviceAsync(enrolled.Id, CertificateRevocationReason.KeyCompromise, "key found on a forum", Operator, Ct);

        await Impostor.AssertHubRefusesAsync(enrolled.Connect(), Ct);
        Assert.Equal(DeviceState.Revoked, (await LoadAsync(enrolled.Serial)).State);
    }
}
