using System.Diagnostics;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Updates.Rollouts;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Updates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Application.Updates.WhatIf;

/// <summary>Where a run stands after a tick, and the wall time spent so far in the virtual devices and in the conductor.</summary>
public sealed record WhatIfProgress(Guid RolloutId, int Ticks, TimeSpan Simulated, RolloutStatus Status, TimeSpan InDevices = default, TimeSpan InConductor = default);

/// <summary>
/// Replays the plan in a sandbox: creates the rollout as the requesting user, approves and starts it as the system (four
/// eyes guard a real rollout's effect on devices; a dry run has none), then advances the fake clock a tick at a time and
/// lets the virtual devices react and the conductor tick, until the rollout completes, pauses (a real rollout would wait
/// for a person there, so the run stops) or the simulated time limit passes.
/// </summary>
public static class WhatIfRunner
{
    public const string SystemActorName = "system:what-if";

    /// <param name="idleStep">After a tick that changed nothing, the clock may jump this far (to the next device's action at most).</param>
    public static async Task<WhatIfReport> RunAsync(IWhatIfSandbox sandbox, WhatIfRequest request, Actor requestedBy, TimeSpan idleStep, TimeSpan limit,
        Action<WhatIfProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(requestedBy);
        var services = sandbox.Services;
        var handlers = services.GetRequiredService<RolloutHandlers>();
        var creator = new Actor($"{requestedBy.Name} (what-if)", null, new HashSet<string> { Roles.Operator });
        var system = new Actor(SystemActorName, null, new HashSet<string> { Roles.Operator, Roles.SecurityOfficer });
        var release = sandbox.Release;
        var rolloutId = await handlers.CreateAsync(creator, new CreateRolloutRequest($"What-if {release.DeviceClass} {release.Version}", release.Id, request.GroupId,
            request.Waves, request.AttestationGatePercent), cancellationToken);
        await handlers.ApproveAsync(system, rolloutId, cancellationToken);
        await handlers.StartAsync(system, rolloutId, cancellationToken);

        var conductor = services.GetRequiredService<RolloutConductor>();
        var dbFactory = services.GetRequiredService<IDeviceTrustDbContextFactory>();
        var tick = TimeSpan.FromSeconds(sandbox.Rollouts.TickSeconds);
        var clock = sandbox.Clock;
        var start = clock.GetUtcNow();
        var (ticks, status, lastEntry, idle) = (0, RolloutStatus.Running, -1L, false);
        var (inDevices, inConductor) = (new Stopwatch(), new Stopwatch());
        progress?.Invoke(new WhatIfProgress(rolloutId, 0, TimeSpan.Zero, status));
        while (status == RolloutStatus.Running && clock.GetUtcNow() - start < limit)
        {
            cancellationToken.ThrowIfCancellationRequested();
            clock.Advance(idle ? IdleStep(clock.GetUtcNow(), sandbox.Fleet.NextDue, tick, idleStep) : tick);
            inDevices.Start();
            await sandbox.Fleet.RunDueAsync(cancellationToken);
            inDevices.Stop();
            inConductor.Start();
            await conductor.TickAsync(cancellationToken);
            inConductor.Stop();
            ticks++;
            long entry;
            await using (var db = await dbFactory.CreateAsync(cancellationToken))
            {
                status = await db.Rollouts.Where(r => r.Id == rolloutId).Select(r => r.Status).FirstAsync(cancellationToken);
                entry = await db.AuditEntries.MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
            }
            // Every change the conductor or a device makes is audited: no new entry, nothing happened this tick.
            (idle, lastEntry) = (entry == lastEntry, entry);
            progress?.Invoke(new WhatIfProgress(rolloutId, ticks, clock.GetUtcNow() - start, status, inDevices.Elapsed, inConductor.Elapsed));
        }
        return await ReportAsync(sandbox, rolloutId, cancellationToken);
    }

    /// <summary>A whole number of ticks, up to the idle step, not past the next device's action.</summary>
    private static TimeSpan IdleStep(DateTimeOffset now, DateTimeOffset? nextDue, TimeSpan tick, TimeSpan idleStep)
    {
        var until = nextDue is { } due ? TimeSpan.FromTicks(Math.Min((due - now).Ticks, idleStep.Ticks)) : idleStep;
        return tick * Math.Max(1, Math.Ceiling(until / tick));
    }

    public static async Task<WhatIfReport> ReportAsync(IWhatIfSandbox sandbox, Guid rolloutId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var detail = await sandbox.Queries.GetAsync(rolloutId, cancellationToken);
        await using var db = await sandbox.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(cancellationToken);
        var failures = await db.RolloutTargets.AsNoTracking().Where(t => t.RolloutId == rolloutId && t.Status == RolloutTargetStatus.Failed)
            .GroupBy(t => t.Reason).Select(g => new { Reason = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return new WhatIfReport(detail.Rollout.Status, detail.Rollout.StatusReason,
            detail.Waves.Select(w => new WhatIfWaveCounts(w.Index + 1, w.Progress.Total, w.Progress.Verified, w.Progress.Installed, w.Progress.Failed,
                w.Progress.Offered, w.Progress.Pending)).ToList(),
            failures.OrderByDescending(f => f.Count).Select(f => new WhatIfFailureCount(f.Reason ?? "no reason given", f.Count)).ToList(),
            sandbox.Fleet.RefusedReports);
    }
}
