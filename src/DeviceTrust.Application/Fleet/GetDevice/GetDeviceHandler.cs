using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Fleet.GetDevice;

public sealed class GetDeviceHandler(IDeviceTrustDbContextFactory dbFactory)
{
    public const int RecentTelemetryCount = 60;
    public const int TimelineCount = 50;

    public async Task<DeviceDetails> HandleAsync(Guid deviceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken)
                     ?? throw new NotFoundException($"Device {deviceId}");
        var deviceClass = await db.DeviceClasses.AsNoTracking().FirstAsync(c => c.Id == device.DeviceClassId, cancellationToken);
        var manufacturer = await db.Manufacturers.AsNoTracking().FirstAsync(m => m.Id == deviceClass.ManufacturerId, cancellationToken);
        var group = device.GroupId is { } groupId
            ? await db.DeviceGroups.AsNoTracking().Where(g => g.Id == groupId).Select(g => g.Name).FirstOrDefaultAsync(cancellationToken)
            : null;

        var recent = await db.TelemetrySamples.AsNoTracking()
            .Where(s => s.DeviceId == deviceId)
            .OrderByDescending(s => s.Id)
            .Take(RecentTelemetryCount)
            .Select(s => new TelemetryPoint(s.MeasuredAt, s.UptimeSeconds, s.TemperatureCelsius, s.BatteryPercent, s.SignalDbm))
            .ToListAsync(cancellationToken);
        recent.Reverse();

        var timeline = await db.AuditEntries.AsNoTracking()
            .Where(e => e.TargetType == AuditTargets.Device && e.TargetId == device.SerialNumber)
            .OrderByDescending(e => e.Sequence)
            .Take(TimelineCount)
            .ToListAsync(cancellationToken);

        return new DeviceDetails(
            device.Id, device.SerialNumber, System.Buffers.Text.Base64Url.EncodeToString(device.Ueid), device.State, device.StateChangedAt, ChangeDeviceState.ChangeDeviceStateHandler.OperatorMoves(device.State),
            deviceClass.Name, deviceClass.HardwareModel, deviceClass.VendorId, deviceClass.ClassId, manufacturer.Name, group,
            device.RegisteredAt, device.LastSeenAt, device.IsOnline, ToPoint(device.LatestTelemetry), device.Components.ToList(),
            recent, timeline.Select(AuditEntryDto.From).ToList(), deviceClass.AttestationModel);
    }

    private static TelemetryPoint? ToPoint(TelemetryReading? r) =>
        r is null ? null : new TelemetryPoint(r.MeasuredAt, r.UptimeSeconds, r.TemperatureCelsius, r.BatteryPercent, r.SignalDbm);
}
