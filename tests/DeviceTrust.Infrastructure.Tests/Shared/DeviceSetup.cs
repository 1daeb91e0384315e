using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Testing;

/// <summary>
/// Test setup for states the seed does not provide (every seeded fleet starts Manufactured): walks a device along the
/// shortest legal path of the lifecycle, as BRSKI, EST and operators would over time, without their audit entries.
/// A test that is about a state change makes that change through its use case, not through this.
/// </summary>
public static class DeviceSetup
{
    /// <summary>Brings each device to <paramref name="state"/>; returns their ids by serial.</summary>
    public static async Task<IReadOnlyDictionary<string, Guid>> BringToAsync(this TestDatabase database, IEnumerable<string> serials, DeviceState state)
    {
        var wanted = serials.ToHashSet(StringComparer.Ordinal);
        await using var db = await database.CreateDbContextAsync();
        var devices = await db.Devices.Where(d => wanted.Contains(d.SerialNumber)).ToListAsync();
        var missing = wanted.Except(devices.Select(d => d.SerialNumber)).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"No such devices: {string.Join(", ", missing)}.");

        var at = database.Get<TimeProvider>().GetUtcNow();
        foreach (var device in devices)
            foreach (var step in PathBetween(device.State, state))
                device.TransitionTo(step, "test setup", "system:test-setup", at);
        await db.SaveSetupAsync();
        return devices.ToDictionary(d => d.SerialNumber, d => d.Id);
    }

    /// <summary>
    /// Saves test setup as it stands, without the audit entries and notifications its domain events would give: the test
    /// is about what comes after. (A use case saves through AuditTrail; the context refuses a save with events pending.)
    /// </summary>
    public static async Task SaveSetupAsync(this IDeviceTrustDbContext db, CancellationToken cancellationToken = default)
    {
        foreach (var aggregate in db.TrackedAggregates()) aggregate.ClearDomainEvents();
        await db.SaveChangesAsync(cancellationToken);
    }

    public static async Task<Guid> BringToAsync(this TestDatabase database, string serial, DeviceState state) =>
        (await database.BringToAsync([serial], state))[serial];

    /// <summary>Breadth-first over <see cref="DeviceLifecycle"/>: the states to pass through, ending with <paramref name="to"/>.</summary>
    private static List<DeviceState> PathBetween(DeviceState from, DeviceState to)
    {
        var previous = new Dictionary<DeviceState, DeviceState> { [from] = from };
        var queue = new Queue<DeviceState>([from]);
        while (queue.TryDequeue(out var state) && !previous.ContainsKey(to))
            foreach (var next in DeviceLifecycle.NextStates(state))
                if (previous.TryAdd(next, state)) queue.Enqueue(next);
        if (!previous.ContainsKey(to)) throw new InvalidOperationException($"The lifecycle has no path from {from} to {to}.");

        var path = new List<DeviceState>();
        for (var state = to; state != from; state = previous[state]) path.Add(state);
        path.Reverse();
        return path;
    }
}
