using DeviceTrust.Application.Common;
using DeviceTrust.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Application.Fleet.Telemetry;

/// <summary>
/// Writes a batch of device reports in one transaction: the devices' latest state is updated once per device and
/// every telemetry reading is appended to the history. One SaveChanges per batch is what lets the ingest path carry
/// thousands of messages a second on SQLite.
/// </summary>
public sealed class DeviceReportBatchWriter(IDeviceTrustDbContextFactory dbFactory, IFleetNotifier notifier, FleetMetrics metrics, ILogger<DeviceReportBatchWriter> logger)
{
    public async Task WriteAsync(IReadOnlyList<DeviceReport> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0) return;
        // Another writer of one of these devices (an operator, a revocation) saved first: the batch is applied again to
        // what is stored now, so a report of a device revoked meanwhile is dropped rather than written.
        var (changes, written, rejected) = await Concurrency.RetryAsync("A device report batch", () => WriteOnceAsync(batch, cancellationToken));
        metrics.ReportsWritten(written);
        metrics.ReportRejected(rejected);
        if (changes.Count > 0) notifier.Publish(changes);
    }

    private async Task<(IReadOnlyCollection<DeviceChanged> Changes, int Written, int Rejected)> WriteOnceAsync(IReadOnlyList<DeviceReport> batch, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var ids = batch.Select(r => r.DeviceId).Distinct().ToList();
        var devices = await db.Devices.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
        var changes = new HashSet<DeviceChanged>();
        int written = 0, rejected = 0;

        foreach (var report in batch)
        {
            if (!devices.TryGetValue(report.DeviceId, out var device))
            {
                // Deleted since it connected: nothing to write to.
                rejected++;
                continue;
            }

            try
            {
                // One notification per device and kind, however many reports of it the batch holds.
                changes.Add(new DeviceChanged(device.Id, device.SerialNumber, Apply(db, device, report)));
                written++;
            }
            catch (DomainException e)
            {
                rejected++;
                logger.LogWarning("Dropped a report from {Serial}: {Reason}", report.SerialNumber, e.Message);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return (changes, written, rejected);
    }

    private static DeviceChangeKind Apply(IDeviceTrustDbContext db, Domain.Devices.Device device, DeviceReport report)
    {
        switch (report)
        {
            case TelemetryReport t:
                device.RecordTelemetry(t.Reading, t.ReceivedAt);
                db.TelemetrySamples.Add(Domain.Devices.TelemetrySample.From(device.Id, t.Reading, t.ReceivedAt));
                return DeviceChangeKind.Telemetry;
            case FirmwareReport f:
                device.ReportFirmware(f.Components);
                device.MarkSeen(f.ReceivedAt);
                return DeviceChangeKind.Firmware;
            case PresenceReport { Online: true } p:
                device.MarkSeen(p.ReceivedAt);
                return DeviceChangeKind.Presence;
            case PresenceReport:
                device.MarkOffline();
                return DeviceChangeKind.Presence;
            default:
                throw new InvalidOperationException($"Unknown report type {report.GetType().Name}.");
        }
    }
}
