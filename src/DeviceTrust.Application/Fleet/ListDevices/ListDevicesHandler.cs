using System.Linq.Expressions;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Fleet.ListDevices;

/// <summary>
/// Server-side paging, sorting and filtering of the device table. The filter columns are indexed
/// (see DeviceConfiguration) so a page stays fast at 100,000 devices.
/// </summary>
public sealed class ListDevicesHandler(IDeviceTrustDbContextFactory dbFactory)
{
    public async Task<PagedResult<DeviceRow>> HandleAsync(DeviceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Paging.Validate(query.Page, query.PageSize);
        await using var db = await dbFactory.CreateAsync(cancellationToken);

        var filtered = Filter(db.Devices.AsNoTracking(), query);
        var total = await filtered.CountAsync(cancellationToken);
        var joined =
            from d in filtered
            join c in db.DeviceClasses on d.DeviceClassId equals c.Id
            join m in db.Manufacturers on c.ManufacturerId equals m.Id
            join g in db.DeviceGroups on d.GroupId equals g.Id into groups
            from g in groups.DefaultIfEmpty()
            select new Joined { Device = d, ClassName = c.Name, ManufacturerName = m.Name, GroupName = g == null ? null : g.Name };

        var page = await Sort(joined, query)
            .Skip(query.Page * query.PageSize)
            .Take(query.PageSize)
            .Select(x => new DeviceRow(
                x.Device.Id, x.Device.SerialNumber, x.Device.State, x.ClassName, x.ManufacturerName, x.GroupName,
                x.Device.FirmwareVersion, x.Device.IsOnline, x.Device.LastSeenAt,
                x.Device.LatestTelemetry == null ? null : x.Device.LatestTelemetry.TemperatureCelsius,
                x.Device.LatestTelemetry == null ? null : x.Device.LatestTelemetry.BatteryPercent,
                // Per row of the page only, over the (device, time) index of the appraisals.
                db.AttestationAppraisals.Where(a => a.DeviceId == x.Device.Id).OrderByDescending(a => a.AppraisedAt)
                    .Select(a => (AttestationVerdict?)a.Verdict).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        return new PagedResult<DeviceRow>(page, total, query.Page, query.PageSize);
    }

    private static IQueryable<Device> Filter(IQueryable<Device> devices, DeviceQuery q)
    {
        if (q.State is { } state) devices = devices.Where(d => d.State == state);
        if (q.DeviceClassId is { } classId) devices = devices.Where(d => d.DeviceClassId == classId);
        if (q.GroupId is { } groupId) devices = devices.Where(d => d.GroupId == groupId);
        if (!string.IsNullOrWhiteSpace(q.FirmwareVersion)) devices = devices.Where(d => d.FirmwareVersion == q.FirmwareVersion);
        if (q.Online is { } online) devices = devices.Where(d => d.IsOnline == online);
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var term = q.Search.Trim().ToUpperInvariant();
            devices = devices.Where(d => d.SerialNumber.ToUpper().Contains(term));
        }

        return devices;
    }

    private static IQueryable<Joined> Sort(IQueryable<Joined> rows, DeviceQuery q)
    {
        var ordered = (q.SortBy, q.Descending) switch
        {
            (DeviceSort.State, false) => rows.OrderBy(LifecycleOrder),
            (DeviceSort.State, true) => rows.OrderByDescending(LifecycleOrder),
            (DeviceSort.DeviceClass, false) => rows.OrderBy(x => x.ClassName),
            (DeviceSort.DeviceClass, true) => rows.OrderByDescending(x => x.ClassName),
            (DeviceSort.Firmware, false) => rows.OrderBy(x => x.Device.FirmwareVersion),
            (DeviceSort.Firmware, true) => rows.OrderByDescending(x => x.Device.FirmwareVersion),
            (DeviceSort.LastSeen, false) => rows.OrderBy(x => x.Device.LastSeenAt),
            (DeviceSort.LastSeen, true) => rows.OrderByDescending(x => x.Device.LastSeenAt),
            (_, true) => rows.OrderByDescending(x => x.Device.SerialNumber),
            _ => rows.OrderBy(x => x.Device.SerialNumber),
        };
        // The serial breaks ties, so paging through equal keys is stable.
        return ordered.ThenBy(x => x.Device.SerialNumber);
    }

    /// <summary>
    /// States are stored by name, so the database would sort them alphabetically; this CASE sorts them in lifecycle
    /// order (the enum's order) instead.
    /// </summary>
    private static readonly Expression<Func<Joined, int>> LifecycleOrder = x =>
        x.Device.State == DeviceState.Manufactured ? 0
        : x.Device.State == DeviceState.Bootstrapping ? 1
        : x.Device.State == DeviceState.Enrolled ? 2
        : x.Device.State == DeviceState.Operational ? 3
        : x.Device.State == DeviceState.Quarantined ? 4
        : x.Device.State == DeviceState.Updating ? 5
        : x.Device.State == DeviceState.Revoked ? 6
        : 7;

    private sealed class Joined
    {
        public required Device Device { get; init; }
        public required string ClassName { get; init; }
        public required string ManufacturerName { get; init; }
        public string? GroupName { get; init; }
    }
}
