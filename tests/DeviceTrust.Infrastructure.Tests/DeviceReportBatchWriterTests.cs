using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Application.Fleet.ChangeDeviceState;
using DeviceTrust.Application.Fleet.Telemetry;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Infrastructure.Tests;

public sealed class DeviceReportBatchWriterTests : IAsyncLifetime
{
    // Whole seconds: SQLite keeps DateTimeOffset to 0.1 ms, so these compare exactly after a round trip.
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private TestDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task WriteAsync_MixedBatchForTwoDevices_PersistsEverythingAndNotifiesOncePerDeviceAndKind()
    {
        var (a, b) = await TwoOperationalDevicesAsync();
        using var recorder = new NotificationRecorder(_database.Get<IFleetNotifier>());
        var first = new TelemetryReading(100, 20.5, 90, -60, T0);
        var latest = new TelemetryReading(102, 21.5, 89.5, -61, T0.AddSeconds(2));
        var other = new TelemetryReading(5000, -5, 40, -100, T0.AddSeconds(1));
        DeviceReport[] batch =
        [
            new TelemetryReport(a.Id, a.SerialNumber, T0.AddSeconds(1), first),
            new TelemetryReport(b.Id, b.SerialNumber, T0.AddSeconds(1), other),
            new FirmwareReport(a.Id, a.SerialNumber, T0.AddSeconds(2), [new FirmwareComponent("bootloader", "2.2.0"), new FirmwareComponent("firmware", "9.9.9")]),
            new TelemetryReport(a.Id, a.SerialNumber, T0.AddSeconds(3), latest),
            new PresenceReport(b.Id, b.SerialNumber, T0.AddSeconds(4), Online: true),
        ];

        await _database.Get<DeviceReportBatchWriter>().WriteAsync(batch, TestContext.Current.CancellationToken);

        await using var db = await _database.CreateDbContextAsync();
        var storedA = await db.Devices.SingleAsync(d => d.Id == a.Id, TestContext.Current.CancellationToken);
        var storedB = await db.Devices.SingleAsync(d => d.Id == b.Id, TestContext.Current.CancellationToken);
        Assert.Equal(latest, storedA.LatestTelemetry);
        Assert.Equal(other, storedB.LatestTelemetry);
        Assert.Equal("9.9.9", storedA.FirmwareVersion);
        Assert.Equal(["bootloader", "firmware"], storedA.Components.Select(c => c.Name));
        Assert.True(storedA.IsOnline);
        Assert.True(storedB.IsOnline);
        Assert.Equal(T0.AddSeconds(3), storedA.LastSeenAt);
        Assert.Equal(T0.AddSeconds(4), storedB.LastSeenAt);

        var samples = await db.TelemetrySamples.OrderBy(s => s.Id).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([a.Id, b.Id, a.Id], samples.Select(s => s.DeviceId));
        Assert.Equal([20.5, -5, 21.5], samples.Select(s => s.TemperatureCelsius));
        Assert.Equal(T0.AddSeconds(3), samples[2].ReceivedAt);
        Assert.Equal(latest.MeasuredAt, samples[2].MeasuredAt);

        // One publication for the batch; each device once per kind of change, however many reports of that kind it sent.
        await recorder.WaitUntilAsync(batches => batches.Count >= 1, "the batch is published");
        var published = Assert.Single(recorder.Batches);
        Assert.Equal(published.Count, published.Distinct().Count());
        Assert.Equal(
            new[] { (a.Id, DeviceChangeKind.Telemetry), (a.Id, DeviceChangeKind.Firmware), (b.Id, DeviceChangeKind.Telemetry), (b.Id, DeviceChangeKind.Presence) }.Order(),
            published.Select(c => (c.DeviceId, c.Kind)).Order());
        Assert.All(published, c => Assert.Equal(c.DeviceId == a.Id ? a.SerialNumber : b.SerialNumber, c.SerialNumber));
    }

    [Fact]
    public async Task WriteAsync_PresenceOffline_MarksTheDeviceOffline()
    {
        var (a, _) = await TwoOperationalDevicesAsync();
        var writer = _database.Get<DeviceReportBatchWriter>();
        await writer.WriteAsync([new PresenceReport(a.Id, a.SerialNumber, T0, Online: true)], TestContext.Current.CancellationToken);

        await writer.WriteAsync([new PresenceReport(a.Id, a.SerialNumber, T0.AddSeconds(1), Online: false)], TestContext.Current.CancellationToken);

        await using var db = await _database.CreateDbContextAsync();
        var stored = await db.Devices.SingleAsync(d => d.Id == a.Id, TestContext.Current.CancellationToken);
        Assert.False(stored.IsOnline);
        Assert.Equal(T0, stored.LastSeenAt);
    }

    [Fact]
    public async Task WriteAsync_ReportForRevokedDevice_SkipsItCountsItAndSavesTheRest()
    {
        var (a, b) = await TwoOperationalDevicesAsync();
        await _database.Get<ChangeDeviceStateHandler>().HandleAsync(
            new ChangeDeviceStateRequest(b.Id, DeviceState.Revoked, "key compromised"), TestActors.Operator(), TestContext.Current.CancellationToken);
        var metrics = _database.Get<FleetMetrics>();
        var rejectedBefore = metrics.Rejected;
        using var recorder = new NotificationRecorder(_database.Get<IFleetNotifier>());
        var reading = new TelemetryReading(1, 22, 80, -50, T0);

        await _database.Get<DeviceReportBatchWriter>().WriteAsync(
        [
            new TelemetryReport(b.Id, b.SerialNumber, T0, reading),
            new TelemetryReport(a.Id, a.SerialNumber, T0, reading),
            new FirmwareReport(b.Id, b.SerialNumber, T0, [new FirmwareComponent("firmware", "6.6.6")]),
        ], TestContext.Current.CancellationToken);

        Assert.Equal(rejectedBefore + 2, metrics.Rejected);
        await using var db = await _database.CreateDbContextAsync();
        var storedA = await db.Devices.SingleAsync(d => d.Id == a.Id, TestContext.Current.CancellationToken);
        var storedB = await db.Devices.SingleAsync(d => d.Id == b.Id, TestContext.Current.CancellationToken);
        Assert.Equal(reading, storedA.LatestTelemetry);
        Assert.Null(storedB.LatestTelemetry);
        Assert.False(storedB.IsOnline);
        Assert.NotEqual("6.6.6", storedB.FirmwareVersion);
        Assert.Equal([a.Id], await db.TelemetrySamples.Select(s => s.DeviceId).ToListAsync(TestContext.Current.CancellationToken));

        await recorder.WaitUntilAsync(batches => batches.Count >= 1, "the batch is published");
        Assert.Equal([a.Id], recorder.All.Select(c => c.DeviceId));
    }

    [Fact]
    public async Task WriteAsync_UnknownDevice_IsIgnoredAndTheRestSaved()
    {
        var (a, _) = await TwoOperationalDevicesAsync();
        var reading = new TelemetryReading(1, 22, 80, -50, T0);

        await _database.Get<DeviceReportBatchWriter>().WriteAsync(
        [
            new TelemetryReport(Guid.NewGuid(), "NO-SUCH-DEVICE", T0, reading),
            new TelemetryReport(a.Id, a.SerialNumber, T0, reading),
        ], TestContext.Current.CancellationToken);

        await using var db = await _database.CreateDbContextAsync();
        Assert.Equal([a.Id], await db.TelemetrySamples.Select(s => s.DeviceId).ToListAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Two seeded devices brought into service (the seed starts every fleet Manufactured).</summary>
    private async Task<(Device A, Device B)> TwoOperationalDevicesAsync()
    {
        var ids = await _database.BringToAsync(["ACME-T1-TKY-00001", "ACME-T1-TKY-00002"], DeviceState.Operational);
        await using var db = await _database.CreateDbContextAsync();
        var devices = await db.Devices.AsNoTracking().Where(d => ids.Values.Contains(d.Id))
            .OrderBy(d => d.SerialNumber).ToListAsync(TestContext.Current.CancellationToken);
        return (devices[0], devices[1]);
    }
}
