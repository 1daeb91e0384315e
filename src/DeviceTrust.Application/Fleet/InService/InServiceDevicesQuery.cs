using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Fleet.InService;

public sealed record InServiceDevice(string SerialNumber, string DeviceClass, IReadOnlyList<FirmwareComponent> Components);

/// <summary>Devices that are enrolled and not revoked: the ones expected to be connected and reporting.</summary>
public sealed class InServiceDevicesQuery(IDeviceTrustDbContextFactory dbFactory)
{
    private static readonly DeviceState[] InService = [DeviceState.Enrolled, DeviceState.Operational, DeviceState.Quarantined, DeviceState.Updating];

    public async Task<IReadOnlyList<InServiceDevice>> HandleAsync(int max, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var rows = await db.Devices.AsNoTracking()
            .Where(d => InService.Contains(d.State))
            .OrderBy(d => d.SerialNumber)
            .Take(max)
            .Join(db.DeviceClasses, d => d.DeviceClassId, c => c.Id, (d, c) => new { Device = d, ClassName = c.Name })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new InServiceDevice(r.Device.SerialNumber, r.ClassName, r.Device.Components.ToList())).ToList();
    }
}
