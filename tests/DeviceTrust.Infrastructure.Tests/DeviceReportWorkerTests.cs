using DeviceTrust.Application.Fleet;
using DeviceTrust.Application.Fleet.Telemetry;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DeviceTrust.Infrastructure.Tests;

public sealed class DeviceReportWorkerTests
{
    [Fact]
    public async Task Worker_ReportsEnqueued_WritesThemAndNotifies()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(configure: b => b.Configuration["Fleet:BatchWindowMilliseconds"] = "5");
        // Only the report worker: PresenceMonitor would mark devices offline and publish its own changes.
        var worker = database.Services.GetServices<IHostedService>().Single(s => s.GetType().Name == "DeviceReportWorker");
        // The seed starts every fleet Manufactured; reports come from devices in service.
        var ids = await database.BringToAsync(["ACME-T1-TKY-00001", "ACME-T1-TKY-00002", "ACME-T1-TKY-00003"], DeviceState.Operational);
        List<Device> devices;
        await using (var db = await database.CreateDbContextAsync())
        {
            devices = await db.Devices.AsNoTracking().Where(d => ids.Values.Contains(d.Id)).OrderBy(d => d.SerialNumber).ToListAsync(ct);
        }

        using var recorder = new NotificationRecorder(database.Get<IFleetNotifier>());
        var queue = database.Get<IDeviceReportQueue>();
        var now = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
        await worker.StartAsync(ct);
        try
        {
            foreach (var (device, i) in devices.Select((d, i) => (d, i)))
            {
                Assert.True(queue.TryEnqueue(new TelemetryReport(device.Id, device.SerialNumber, now, new TelemetryReading(i, 20 + i, 50, -70, now))));
            }

            var expected = devices.Select(d => d.Id).ToHashSet();
            await recorder.WaitUntilAsync(
                batches => expected.IsSubsetOf(batches.SelectMany(b => b).Select(c => c.DeviceId)),
                "every device's change is published");
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        await using var check = await database.CreateDbContextAsync();
        var samples = await check.TelemetrySamples.ToListAsync(ct);
        Assert.Equal(devices.Select(d => d.Id).Order(), samples.Select(s => s.DeviceId).Order());
        var stored = await check.Devices.Where(d => devices.Select(x => x.Id).Contains(d.Id)).ToListAsync(ct);
        Assert.All(stored, d => Assert.True(d.IsOnline));
        Assert.Equal([20.0, 21.0, 22.0], stored.OrderBy(d => d.SerialNumber).Select(d => d.LatestTelemetry!.TemperatureCelsius));
        Assert.Equal(devices.Count, database.Get<FleetMetrics>().Written);
    }
}
