using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Updates;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Updates.Rollouts;

/// <summary>
/// People's decisions about rollouts: operators create, start, pause, resume and cancel them and retry, exclude or cancel
/// single devices; a security officer who did not create a rollout approves it. Each decision is saved with its audit
/// entries in one transaction; a rollout or device changed meanwhile (its concurrency token) is a conflict, never a
/// silent overwrite.
/// </summary>
public sealed class RolloutHandlers(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time)
{
    public async Task<Guid> CreateAsync(Actor actor, CreateRolloutRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        actor.EnsureInRole(Roles.Operator);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var release = await db.FirmwareReleases.AsNoTracking().FirstOrDefaultAsync(r => r.Id == request.ReleaseId, cancellationToken)
                      ?? throw RequestValidationException.For("releaseId", $"No release has id {request.ReleaseId}.");
        var className = await db.DeviceClasses.Where(c => c.Id == release.DeviceClassId).Select(c => c.Name).FirstAsync(cancellationToken);
        if (request.GroupId is { } groupId && !await db.DeviceGroups.AnyAsync(g => g.Id == groupId, cancellationToken))
            throw RequestValidationException.For("groupId", $"No group has id {groupId}.");
        if ((request.WindowStart is null) != (request.WindowEnd is null))
            throw RequestValidationException.For("window", "A maintenance window has a start and an end.");
        var plan = await RolloutPlanner.PlanAsync(db, release, request.GroupId, request.Waves, cancellationToken);
        if (plan.Eligible.Count == 0)
            throw RequestValidationException.For("devices", $"No device can take {className} {release.FirmwareVersion}: {plan.AlreadyOnRelease} run it or a newer release already, "
                                                            + $"{plan.InOtherRollouts} are in another rollout, {plan.NotInService} are not in service.");
        Rollout rollout;
        try
        {
            var waves = plan.Waves.Select((devices, i) => new RolloutWave(Math.Max(devices.Count, 1), request.Waves[i].SuccessThresholdPercent,
                request.Waves[i].ErrorThresholdPercent, request.Waves[i].AdvanceAutomatically)).ToList();
            var window = request.WindowStart is { } start && request.WindowEnd is { } end ? new MaintenanceWindow(start, end) : null;
            rollout = Rollout.Create(request.Name, release, className, request.GroupId, waves, request.AttestationGatePercent, window, request.StartAt, actor.Name, now);
        }
        catch (DomainException e)
        {
            throw RequestValidationException.For("rollout", e.Message);
        }
        db.Rollouts.Add(rollout);
        for (var wave = 0; wave < plan.Waves.Count; wave++)
            foreach (var device in plan.Waves[wave])
                db.RolloutTargets.Add(RolloutTarget.Plan(rollout, device.Id, device.SerialNumber, wave, now));
        await audit.SaveAsync(db, cancellationToken);
        return rollout.Id;
    }

    public Task ApproveAsync(Actor actor, Guid rolloutId, CancellationToken cancellationToken = default) =>
        DecideAsync(actor, Roles.SecurityOfficer, rolloutId, (r, now) => r.Approve(actor.Name, now), cancellationToken);

    public Task StartAsync(Actor actor, Guid rolloutId, CancellationToken cancellationToken = default) =>
        DecideAsync(actor, Roles.Operator, rolloutId, (r, now) => r.Start(actor.Name, now), cancellationToken);

    public Task PauseAsync(Actor actor, Guid rolloutId, string reason, CancellationToken cancellationToken = default)
    {
        RequireReason(reason);
        return DecideAsync(actor, Roles.Operator, rolloutId, (r, _) => r.Pause(reason, actor.Name), cancellationToken);
    }

    public Task ResumeAsync(Actor actor, Guid rolloutId, CancellationToken cancellationToken = default) =>
        DecideAsync(actor, Roles.Operator, rolloutId, (r, _) => r.Resume(actor.Name), cancellationToken);

    /// <summary>
    /// The manual check passed: the next wave starts (after the last, the rollout completes), as hawkBit's "trigger next
    /// group". For a rollout paused at a wave that waits for a check, or finished below its thresholds; resuming it would
    /// only judge the same wave again.
    /// </summary>
    public Task AdvanceAsync(Actor actor, Guid rolloutId, CancellationToken cancellationToken = default) =>
        DecideAsync(actor, Roles.Operator, rolloutId, (r, now) => r.AdvanceWave($"checked by {actor.Name}", actor.Name, now), cancellationToken);

    /// <summary>Cancels the rollout and every device not finished yet; devices offered the update go back to where they were.</summary>
    public async Task CancelAsync(Actor actor, Guid rolloutId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.Operator);
        RequireReason(reason);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var rollout = await FindAsync(db, rolloutId, cancellationToken);
        Guarded(() => rollout.Cancel(reason, actor.Name, now));
        var open = await db.RolloutTargets.Where(t => t.RolloutId == rolloutId && (t.Status == RolloutTargetStatus.Pending
            || t.Status == RolloutTargetStatus.Offered || t.Status == RolloutTargetStatus.Installed)).ToListAsync(cancellationToken);
        var devices = await DevicesOfAsync(db, open, cancellationToken);
        foreach (var target in open)
        {
            await RestoreAsync(target, devices, $"rollout {rollout.Name} cancelled", actor, now);
            target.Cancel($"rollout cancelled: {rollout.StatusReason}", actor.Name, now);
        }
        await SaveAsync(db, $"Rollout {rollout.Name}", cancellationToken);
    }

    /// <summary>Takes one device out of a rollout; if it was offered the update, it goes back to where it was.</summary>
    public Task ExcludeAsync(Actor actor, Guid rolloutId, Guid targetId, string reason, CancellationToken cancellationToken = default) =>
        TargetAsync(actor, rolloutId, targetId, async (db, target, now) =>
        {
            await RestoreAsync(target, await DevicesOfAsync(db, [target], cancellationToken), $"excluded from rollout {target.RolloutName}", actor, now);
            target.Exclude(string.IsNullOrWhiteSpace(reason) ? "excluded" : $"excluded: {reason.Trim()}", actor.Name, now);
        }, cancellationToken);

    /// <summary>
    /// Stops one device's update in flight (offered, or installed and not yet attested): it goes back to where it was, and no
    /// longer counts in its wave. Exclude is for a device that should not take part at all.
    /// </summary>
    public Task CancelDeviceAsync(Actor actor, Guid rolloutId, Guid targetId, string reason, CancellationToken cancellationToken = default) =>
        TargetAsync(actor, rolloutId, targetId, async (db, target, now) =>
        {
            await RestoreAsync(target, await DevicesOfAsync(db, [target], cancellationToken), $"its update in rollout {target.RolloutName} cancelled", actor, now);
            target.Cancel(string.IsNullOrWhiteSpace(reason) ? "cancelled" : $"cancelled: {reason.Trim()}", actor.Name, now);
        }, cancellationToken);

    /// <summary>Offers a failed device the update again, in its wave.</summary>
    public Task RetryAsync(Actor actor, Guid rolloutId, Guid targetId, CancellationToken cancellationToken = default) =>
        TargetAsync(actor, rolloutId, targetId, (_, target, now) =>
        {
            target.Retry(actor.Name, now);
            return Task.CompletedTask;
        }, cancellationToken);

    private async Task TargetAsync(Actor actor, Guid rolloutId, Guid targetId, Func<IDeviceTrustDbContext, RolloutTarget, DateTimeOffset, Task> act,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.Operator);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var rollout = await FindAsync(db, rolloutId, cancellationToken);
        if (!rollout.IsActive) throw new ConflictException($"Rollout {rollout.Name} is {rollout.Status}: its devices no longer change.");
        var target = await db.RolloutTargets.FirstOrDefaultAsync(t => t.Id == targetId && t.RolloutId == rolloutId, cancellationToken)
                     ?? throw new NotFoundException($"Device {targetId} of rollout {rollout.Name}");
        try
        {
            await act(db, target, time.GetUtcNow());
        }
        catch (DomainException e)
        {
            throw new ConflictException(e.Message);
        }
        await SaveAsync(db, $"{target.SerialNumber} in rollout {rollout.Name}", cancellationToken);
    }

    private async Task DecideAsync(Actor actor, string role, Guid rolloutId, Action<Rollout, DateTimeOffset> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(role);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var rollout = await FindAsync(db, rolloutId, cancellationToken);
        Guarded(() => decide(rollout, time.GetUtcNow()));
        await SaveAsync(db, $"Rollout {rollout.Name}", cancellationToken);
    }

    private static void Guarded(Action act)
    {
        try
        {
            act();
        }
        catch (DomainException e)
        {
            throw new ConflictException(e.Message);
        }
    }

    private static async Task<Rollout> FindAsync(IDeviceTrustDbContext db, Guid rolloutId, CancellationToken cancellationToken) =>
        await db.Rollouts.FirstOrDefaultAsync(r => r.Id == rolloutId, cancellationToken) ?? throw new NotFoundException($"Rollout {rolloutId}");

    internal static async Task<Dictionary<Guid, Device>> DevicesOfAsync(IDeviceTrustDbContext db, IReadOnlyCollection<RolloutTarget> targets, CancellationToken cancellationToken)
    {
        var ids = targets.Select(t => t.DeviceId).ToList();
        return await db.Devices.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
    }

    /// <summary>A device moved to Updating for this target goes back to the state it had before (an abandoned update).</summary>
    internal static Task RestoreAsync(RolloutTarget target, IReadOnlyDictionary<Guid, Device> devices, string reason, Actor actor, DateTimeOffset now)
    {
        if (target.Status is RolloutTargetStatus.Offered or RolloutTargetStatus.Installed && target.StateBefore is { } before
            && devices.TryGetValue(target.DeviceId, out var device) && device.State == DeviceState.Updating && DeviceLifecycle.CanTransition(device.State, before))
            device.TransitionTo(before, reason, actor.Name, now);
        return Task.CompletedTask;
    }

    private async Task SaveAsync(IDeviceTrustDbContext db, string what, CancellationToken cancellationToken)
    {
        try
        {
            await audit.SaveAsync(db, cancellationToken);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new ConflictException($"{what} changed while this was being decided; look again and retry.", e);
        }
    }

    /// <summary>Pausing or cancelling a whole rollout says why: without a reason the request is bad input (400), not a conflict.</summary>
    private static void RequireReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw RequestValidationException.For("reason", "Say why: the reason is shown on the rollout and in the audit log.");
    }

}
