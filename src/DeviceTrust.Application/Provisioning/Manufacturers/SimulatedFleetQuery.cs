using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Provisioning.Manufacturers;

/// <param name="Ueid">The UEID the device was given at manufacture, which its evidence carries.</param>
/// <param name="ClassId">Its class's SUIT class-id, which its evidence carries as hwmodel.</param>
/// <param name="AttestationModel">Its class's attestation model: whether its evidence is signed (Endorsed) or MACed for the
/// manufacturer's verifier (VendorVerified).</param>
public sealed record SimulatedFleetDevice(string SerialNumber, string DeviceClass, string Manufacturer, IReadOnlyList<FirmwareComponent> Components,
    byte[] Ueid, Guid ClassId, AttestationModel AttestationModel = AttestationModel.Endorsed)
{
    /// <summary>The id of its device class in this app's database.</summary>
    public Guid DeviceClassId { get; init; }

    /// <summary>Its class's SUIT vendor-id, which its manifests' vendor-identifier condition checks.</summary>
    public Guid VendorId { get; init; }
}

/// <summary>
/// The devices the in-process simulator may play: those of simulated manufacturers (no external MASA) that can still
/// join or are in the domain, Manufactured ones included, since they bootstrap themselves.
/// </summary>
public sealed class SimulatedFleetQuery(IDeviceTrustDbContextFactory dbFactory)
{
    private static readonly DeviceState[] OutOfService = [DeviceState.Revoked, DeviceState.Decommissioned];

    public async Task<IReadOnlyList<SimulatedFleetDevice>> HandleAsync(int max, IReadOnlyCollection<string> excludeSerialPrefixes,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(excludeSerialPrefixes);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var query = db.Devices.AsNoTracking().Where(d => !OutOfService.Contains(d.State));
        foreach (var prefix in excludeSerialPrefixes.Where(p => p.Length > 0))
            query = query.Where(d => !d.SerialNumber.StartsWith(prefix));
        var rows = await query
            .Join(db.DeviceClasses, d => d.DeviceClassId, c => c.Id, (d, c) => new { Device = d, Class = c })
            .Join(db.Manufacturers, r => r.Class.ManufacturerId, m => m.Id, (r, m) => new { r.Device, r.Class, Manufacturer = m })
            .Where(r => r.Manufacturer.MasaUrl == null)
            .OrderBy(r => r.Device.SerialNumber)
            .Take(max)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new SimulatedFleetDevice(r.Device.SerialNumber, r.Class.Name, r.Manufacturer.Name, r.Device.Components.ToList(),
            r.Device.Ueid, r.Class.ClassId, r.Class.AttestationModel) { DeviceClassId = r.Class.Id, VendorId = r.Class.VendorId }).ToList();
    }
}
