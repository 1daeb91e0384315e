using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Infrastructure.Fleet;

/// <summary>
/// Marks devices offline when they fall silent (a device can vanish without closing its connection), and at
/// start, when no connection from before a restart can still be open.
/// </summary>
internal sealed class PresenceMonitor(
    IDeviceTrustDbContextFactory dbFactory, IFleetNotifier notifier, IOptions<FleetOptions> options, TimeProvider time, ILogger<PresenceMonitor> logger)
    : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Seen before this start: from before the restart, so no longer connected. A device that reconnects meanwhile is
        // seen after it and stays online.
        await SweepAsync(time.GetUtcNow(), stoppingToken);
        using var timer = new PeriodicTimer(SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await SweepAsync(time.GetUtcNow().AddSeconds(-options.Value.OfflineAfterSeconds), stoppingToken);
        }
    }

    /// <summary>One sweep; a failed one is logged and the next tries again (a background failure must not stop the app).</summary>
    private async Task SweepAsync(DateTimeOffset silentSince, CancellationToken stoppingToken)
    {
        try
        {
            await MarkOfflineAsync(silentSince, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The presence sweep failed; the next one runs in {Interval}", SweepInterval);
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
