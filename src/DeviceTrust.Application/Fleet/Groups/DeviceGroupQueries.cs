using DeviceTrust.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Fleet.Groups;

public sealed record GroupOption(Guid Id, string Name);

/// <summary>The device groups (sites), for pickers such as the rollout wizard's.</summary>
public sealed class DeviceGroupQueries(IDeviceTrustDbContextFactory dbFactory)
{
    public async Task<IReadOnlyList<GroupOption>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        return await db.DeviceGroups.AsNoTracking().OrderBy(g => g.Name).Select(g => new GroupOption(g.Id, g.Name)).ToListAsync(cancellationToken);
    }
}
