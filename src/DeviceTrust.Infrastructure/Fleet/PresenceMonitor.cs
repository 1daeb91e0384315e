using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Infrastructure.Fleet;

/// <summary>
/// Marks devices offline when they fall silent (a device can vanish without closing its connection), and at
/// start, when no connection from before a restart can still be open.
/// </summary>
internal sealed class PresenceMonitor(IDeviceTrustDbContextFactory dbFactory, IFleetNotifier notifier, IOptions<FleetOptions> options, TimeProvider time)
    : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await MarkOfflineAsync(DateTimeOffset.MaxValue, stoppingToken);
        using var timer = new PeriodicTimer(SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await MarkOfflineAsync(time.GetUtcNow().AddSeconds(-options.Value.OfflineAfterSeconds), stoppingToken);
        }
    }

    /// <summary>Marks offline every online device last seen before <paramref name="silentSince"/>.</summary>
    public async Task MarkOfflineAsync(DateTimeOffset silentSince, CancellationToken cancellationToken)
    {
        // A device that reported while the sweep ran conflicts: read again, and it is no longer silent.
        var silent = await Concurrency.RetryAsync("The presence sweep", async () =>
        {
            await using var db = await dbFactory.CreateAsync(cancellationToken);
            var found = await db.Devices.Where(d => d.IsOnline && (d.LastSeenAt == null || d.LastSeenAt < silentSince)).ToListAsync(cancellationToken);
            foreach (var device in found) device.MarkOffline();
            if (found.Count > 0) await db.SaveChangesAsync(cancellationToken);
            return found;
        });
        if (silent.Count > 0) notifier.Publish(silent.Select(d => new DeviceChanged(d.Id, d.SerialNumber, DeviceChangeKind.Presence)).ToList());
    }
}
