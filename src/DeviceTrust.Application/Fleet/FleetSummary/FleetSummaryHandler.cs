using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Fleet.FleetSummary;

public sealed record NamedCount(string Name, int Count);

public sealed record FleetSummary(
    int Total,
    int Online,
    IReadOnlyDictionary<DeviceState, int> ByState,
    IReadOnlyList<NamedCount> ByDeviceClass,
    IReadOnlyList<NamedCount> ByFirmwareVersion,
    IReadOnlyList<FleetSummaryHandler.ClassOption> DeviceClasses)
{
    public int Offline => Total - Online;
}

/// <summary>The counts behind the fleet overview's charts: a handful of GROUP BY queries, no rows loaded.</summary>
public sealed class FleetSummaryHandler(IDeviceTrustDbContextFactory dbFactory)
{
    public sealed record ClassOption(Guid Id, string Name, string Manufacturer);

    public async Task<FleetSummary> HandleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var devices = db.Devices.AsNoTracking();
        var byState = await devices.GroupBy(d => d.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var online = await devices.CountAsync(d => d.IsOnline, cancellationToken);
        var byClass = await devices.GroupBy(d => d.DeviceClassId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byFirmware = await devices.GroupBy(d => d.FirmwareVersion).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var classes = await db.DeviceClasses.AsNoTracking()
            .OrderBy(c => c.Name)
            .Join(db.Manufacturers, c => c.ManufacturerId, m => m.Id, (c, m) => new ClassOption(c.Id, c.Name, m.Name))
            .ToListAsync(cancellationToken);

        var names = classes.ToDictionary(c => c.Id, c => c.Name);
        return new FleetSummary(
            byState.Sum(s => s.Count),
            online,
            Enum.GetValues<DeviceState>().ToDictionary(s => s, s => byState.FirstOrDefault(x => x.Key == s)?.Count ?? 0),
            byClass.Select(c => new NamedCount(names.GetValueOrDefault(c.Key, "?"), c.Count)).OrderByDescending(c => c.Count).ToList(),
            byFirmware.Select(f => new NamedCount(f.Key ?? "unknown", f.Count)).OrderBy(f => f.Name, StringComparer.Ordinal).ToList(),
            classes);
    }
}
