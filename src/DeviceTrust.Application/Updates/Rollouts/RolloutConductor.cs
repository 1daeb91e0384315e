using System.Collections.Concurrent;
using System.Security.Cryptography;
using DeviceTrust.Application.Attestation.Verifier;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Updates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Application.Updates.Rollouts;

/// <summary>
/// Moves running rollouts on, a tick at a time, from what the database holds (so a restarted server resumes each rollout
/// where it was): judges installed devices by their attestation on the release, fails offers nobody answered, pauses a
/// rollout whose release was withdrawn, applies the current wave's thresholds (<see cref="WaveRules"/>), offers the update
/// to the wave's connected devices inside the window, and sends again offers not yet answered. Each step commits on its own with its audit entries; a step that
/// loses a race with a device's report or a person's decision (a concurrency token) is simply done again next tick.
/// </summary>
public sealed class RolloutConductor(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, IDeviceUpdateChannel channel, AttestationRequests attestation,
    IOptions<RolloutOptions> options, TimeProvider time, ILogger<RolloutConductor> logger)
{
    private const string SystemActor = "system";

    // When each open offer, and each attestation request after an install, was last sent: in memory only, so after a
    // restart every open offer is sent once more (a device answers a repeated offer without installing twice).
    private readonly ConcurrentDictionary<Guid, Sent> _sent = new();
    private readonly ConcurrentDictionary<Guid, Sent> _asked = new();
    private readonly ConcurrentDictionary<Guid, Sent> _joined = new();

    /// <summary>When something was last sent for a target (or done for a rollout), and which rollout it belongs to.</summary>
    private readonly record struct Sent(Guid RolloutId, DateTimeOffset At);

    /// <summary>How often a running rollout looks for new devices that match it.</summary>
    public static readonly TimeSpan JoinEvery = TimeSpan.FromSeconds(30);

    private RolloutOptions Options => options.Value;

    // Timeouts count from this at the earliest: time the server was down is not time a device failed to answer in.
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    /// <summary>Whether <paramref name="since"/> is more than <paramref name="timeout"/> ago, counting only time this conductor ran.</summary>
    private bool Expired(DateTimeOffset since, TimeSpan timeout, DateTimeOffset now) => now - (since > _startedAt ? since : _startedAt) > timeout;

    public async Task TickAsync(CancellationToken cancellationToken = default)
    {
        List<Guid> running;
        await using (var db = await dbFactory.CreateAsync(cancellationToken))
            running = await db.Rollouts.AsNoTracking().Where(r => r.Status == RolloutStatus.Running || r.Status == RolloutStatus.Paused)
                .Select(r => r.Id).ToListAsync(cancellationToken);
        foreach (var rolloutId in running)
        {
            try
            {
                await ConductAsync(rolloutId, cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.LogDebug("Rollout {Rollout} changed during a tick; it is looked at again next tick", rolloutId);
            }
        }
        // What is remembered for rollouts no longer running goes, so memory stays bounded however many rollouts ran.
        var active = running.ToHashSet();
        foreach (var remembered in (ConcurrentDictionary<Guid, Sent>[])[_sent, _asked, _joined])
            foreach (var (id, sent) in remembered)
                if (!active.Contains(sent.RolloutId)) remembered.TryRemove(id, out _);
    }

    private async Task ConductAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        await JudgeInstalledAsync(rolloutId, cancellationToken);
        await TimeOutOffersAsync(rolloutId, cancellationToken);
        await JudgeWaveAsync(rolloutId, cancellationToken);
        await JoinNewDevicesAsync(rolloutId, cancellationToken);
        await OfferAsync(rolloutId, cancellationToken);
        await RemindAsync(rolloutId, cancellationToken);
    }

    /// <summary>Each installed device's latest verdict since its report: affirming on the release completes its update.</summary>
    private async Task JudgeInstalledAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var installed = await db.RolloutTargets.Where(t => t.RolloutId == rolloutId && t.Status == RolloutTargetStatus.Installed).ToListAsync(cancellationToken);
        if (installed.Count == 0) return;
        var version = await db.Rollouts.Where(r => r.Id == rolloutId).Select(r => r.ReleaseVersion).FirstAsync(cancellationToken);
        var ids = installed.Select(t => t.DeviceId).ToList();
        var since = installed.Min(t => t.ReportedAt ?? now);
        var verdicts = (await db.AttestationAppraisals.AsNoTracking().Where(a => ids.Contains(a.DeviceId) && a.AppraisedAt >= since)
                .Select(a => new { a.DeviceId, a.AppraisedAt, a.Verdict, a.FirmwareVersion, a.Reasons }).ToListAsync(cancellationToken))
            .GroupBy(a => a.DeviceId).ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.AppraisedAt).ToList());
        var devices = await RolloutHandlers.DevicesOfAsync(db, installed, cancellationToken);
        var timeout = TimeSpan.FromMinutes(Options.AttestationTimeoutMinutes);
        foreach (var target in installed)
        {
            var device = devices[target.DeviceId];
            var verdict = verdicts.GetValueOrDefault(target.DeviceId)?.FirstOrDefault(a => a.AppraisedAt >= target.ReportedAt && a.Verdict != AttestationVerdict.None);
            switch (verdict)
            {
                case { Verdict: AttestationVerdict.Affirming } a when a.FirmwareVersion == version:
                    target.Verify($"attested affirming on {version}", SystemActor, now);
                    Move(device, DeviceState.Operational, $"update to {version} verified by attestation", now);
                    break;
                case { Verdict: AttestationVerdict.Affirming } a:
                    target.Fail($"attested affirming on {a.FirmwareVersion ?? "an unknown version"}, not {version}: the update did not take", SystemActor, now);
                    Move(device, DeviceState.Quarantined, $"reported installing {version} but attests {a.FirmwareVersion ?? "another version"}", now);
                    break;
                case { Verdict: AttestationVerdict.Warning } a:
                    target.Fail($"attested warning after the update: {First(a.Reasons)}", SystemActor, now);
                    Move(device, DeviceState.Operational, $"update to {version} installed; its attestation is a warning (flagged)", now);
                    break;
                case { Verdict: AttestationVerdict.Contraindicated } a:
                    target.Fail($"attested contraindicated after the update: {First(a.Reasons)}", SystemActor, now);
                    Move(device, DeviceState.Quarantined, $"attested contraindicated after the update to {version}", now);
                    break;
                case null when Expired(target.ReportedAt ?? now, timeout, now):
                    target.Fail($"installed but did not attest within {Options.AttestationTimeoutMinutes} minutes", SystemActor, now);
                    Move(device, DeviceState.Quarantined, $"did not attest after the update to {version}: what it runs is unknown", now);
                    break;
            }
        }
        await audit.SaveAsync(db, cancellationToken);
    }

    /// <summary>An offer not answered in time fails; the device is quarantined, since what it runs is unknown.</summary>
    private async Task TimeOutOffersAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var timeout = TimeSpan.FromMinutes(Options.ReportTimeoutMinutes);
        if (!Expired(_startedAt, timeout, now)) return;
        var deadline = now - timeout;
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var late = await db.RolloutTargets.Where(t => t.RolloutId == rolloutId && t.Status == RolloutTargetStatus.Offered && t.OfferedAt < deadline)
            .ToListAsync(cancellationToken);
        if (late.Count == 0) return;
        var devices = await RolloutHandlers.DevicesOfAsync(db, late, cancellationToken);
        foreach (var target in late)
        {
            target.Fail($"no report within {Options.ReportTimeoutMinutes} minutes of the offer", SystemActor, now);
            Move(devices[target.DeviceId], DeviceState.Quarantined, $"no report on the update offered by rollout {target.RolloutName}: what it runs is unknown", now);
            _sent.TryRemove(target.Id, out _);
        }
        await audit.SaveAsync(db, cancellationToken);
    }

    private async Task JudgeWaveAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var rollout = await db.Rollouts.FirstAsync(r => r.Id == rolloutId, cancellationToken);
        if (rollout.Status != RolloutStatus.Running) return;
        // A withdrawn release is offered no more: its rollouts pause (again after each resume) before this tick offers.
        if (await db.FirmwareReleases.AnyAsync(f => f.Id == rollout.ReleaseId && f.Status == FirmwareReleaseStatus.Withdrawn, cancellationToken))
        {
            rollout.Pause($"release {rollout.ReleaseVersion} was withdrawn: it is offered to no more devices", SystemActor);
            await audit.SaveAsync(db, cancellationToken);
            return;
        }
        var wave = RolloutQueries.Progress(await db.RolloutTargets.AsNoTracking().Where(t => t.RolloutId == rolloutId && t.Wave == rollout.CurrentWave)
            .GroupBy(t => t.Status).Select(g => new RolloutQueries.StatusCount(rolloutId, rollout.CurrentWave, g.Key, g.Count())).ToListAsync(cancellationToken));
        var (verdict, why) = WaveRules.Judge(rollout, wave);
        switch (verdict)
        {
            case WaveVerdict.PauseOnErrors or WaveVerdict.PauseForCheck:
                rollout.Pause(why, SystemActor);
                break;
            case WaveVerdict.Advance:
                rollout.AdvanceWave(why, SystemActor, now);
                break;
            default:
                return;
        }
        await audit.SaveAsync(db, cancellationToken);
    }

    /// <summary>
    /// Devices that match a running rollout but are not part of it (enrolled or put in service since it was planned) join
    /// its last wave, as hawkBit's dynamic rollouts do; looked for every <see cref="JoinEvery"/>.
    /// </summary>
    private async Task JoinNewDevicesAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!Due(_joined, rolloutId, now, JoinEvery)) return;
        _joined[rolloutId] = new Sent(rolloutId, now);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var rollout = await db.Rollouts.AsNoTracking().FirstAsync(r => r.Id == rolloutId, cancellationToken);
        if (rollout.Status != RolloutStatus.Running) return;
        var release = await db.FirmwareReleases.AsNoTracking().FirstAsync(r => r.Id == rollout.ReleaseId, cancellationToken);
        var plan = await RolloutPlanner.PlanAsync(db, release, rollout.GroupId, [new WavePlan(1, true, 100, 100, true)], cancellationToken);
        if (plan.Eligible.Count == 0) return;
        var part = (await db.RolloutTargets.AsNoTracking().Where(t => t.RolloutId == rolloutId).Select(t => t.DeviceId).ToListAsync(cancellationToken)).ToHashSet();
        var joining = plan.Eligible.Where(d => !part.Contains(d.Id)).ToList();
        if (joining.Count == 0) return;
        var last = rollout.Waves.Count - 1;
        foreach (var device in joining) db.RolloutTargets.Add(RolloutTarget.Plan(rollout, device.Id, device.SerialNumber, last, now));
        await audit.SaveAsync(db, cancellationToken);
        logger.LogInformation("{Count} new devices joined the last wave of rollout {Rollout}", joining.Count, rollout.Name);
    }

    /// <summary>Offers the update to the current wave's waiting devices that are connected, as many as a tick allows.</summary>
    private async Task OfferAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var offers = new List<(Guid DeviceId, UpdateOffer Offer)>();
        await using (var db = await dbFactory.CreateAsync(cancellationToken))
        {
            var rollout = await db.Rollouts.AsNoTracking().FirstAsync(r => r.Id == rolloutId, cancellationToken);
            if (!rollout.Offers(now)) return;
            var waiting = await db.RolloutTargets.Where(t => t.RolloutId == rolloutId && t.Wave == rollout.CurrentWave && t.Status == RolloutTargetStatus.Pending)
                .OrderBy(t => t.SerialNumber).ToListAsync(cancellationToken);
            var chosen = waiting.Where(t => channel.IsConnected(t.DeviceId)).Take(Options.MaxOffersPerTick).ToList();
            if (chosen.Count == 0) return;
            var devices = await RolloutHandlers.DevicesOfAsync(db, chosen, cancellationToken);
            foreach (var target in chosen)
            {
                var device = devices[target.DeviceId];
                if (!RolloutPlanner.UpdatableStates.Contains(device.State))
                {
                    if (device.State is DeviceState.Revoked or DeviceState.Decommissioned) target.Cancel($"the device is {device.State}", SystemActor, now);
                    continue;
                }
                var nonce = RandomNumberGenerator.GetBytes(16);
                target.Offer(nonce, device.State, SystemActor, now);
                device.TransitionTo(DeviceState.Updating, $"update to {rollout.ReleaseVersion} offered by rollout {rollout.Name}", SystemActor, now);
                offers.Add((device.Id, OfferOf(rollout, target)));
            }
            await audit.SaveAsync(db, cancellationToken);
        }
        // Sent after the commit: an offer a device acts on is always one the database holds.
        foreach (var (deviceId, offer) in offers)
            if (await channel.OfferAsync(deviceId, offer, cancellationToken)) _sent[offer.OfferId] = new Sent(rolloutId, now);
    }

    /// <summary>Sends again offers not answered for a while, and asks installed devices to attest.</summary>
    private async Task RemindAsync(Guid rolloutId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var every = TimeSpan.FromSeconds(Options.ReofferAfterSeconds);
        List<RolloutTarget> open;
        Rollout rollout;
        await using (var db = await dbFactory.CreateAsync(cancellationToken))
        {
            rollout = await db.Rollouts.AsNoTracking().FirstAsync(r => r.Id == rolloutId, cancellationToken);
            open = await db.RolloutTargets.AsNoTracking().Where(t => t.RolloutId == rolloutId
                && (t.Status == RolloutTargetStatus.Offered || t.Status == RolloutTargetStatus.Installed)).ToListAsync(cancellationToken);
        }
        // Forget this rollout's targets that are no longer open (answered, failed, excluded, cancelled).
        var openIds = open.Select(t => t.Id).ToHashSet();
        foreach (var remembered in (ConcurrentDictionary<Guid, Sent>[])[_sent, _asked])
            foreach (var (id, sent) in remembered)
                if (sent.RolloutId == rolloutId && !openIds.Contains(id)) remembered.TryRemove(id, out _);
        foreach (var target in open.Where(t => t.Status == RolloutTargetStatus.Offered && Due(_sent, t.Id, now, every) && channel.IsConnected(t.DeviceId)))
            if (await channel.OfferAsync(target.DeviceId, OfferOf(rollout, target), cancellationToken)) _sent[target.Id] = new Sent(rolloutId, now);
        var ask = open.Where(t => t.Status == RolloutTargetStatus.Installed && Due(_asked, t.Id, now, every)).ToList();
        if (ask.Count == 0) return;
        foreach (var target in ask) _asked[target.Id] = new Sent(rolloutId, now);
        await attestation.AskNowAsync(ask.Select(t => t.DeviceId).ToList(), cancellationToken);
    }

    /// <summary>After a device's success report: ask it to attest at once, and count that as this target's reminder.</summary>
    internal void Asked(Guid rolloutId, Guid targetId) => _asked[targetId] = new Sent(rolloutId, time.GetUtcNow());

    private static bool Due(ConcurrentDictionary<Guid, Sent> sent, Guid id, DateTimeOffset now, TimeSpan every) =>
        !sent.TryGetValue(id, out var last) || now - last.At >= every;

    internal static UpdateOffer OfferOf(Rollout rollout, RolloutTarget target) => new(target.Id, rollout.ReleaseId, UpdateOffer.EnvelopePathOf(rollout.ReleaseId),
        UpdateOffer.ReportsPath, System.Buffers.Text.Base64Url.EncodeToString(target.Nonce), rollout.SequenceNumber, rollout.ReleaseVersion);

    private static void Move(Device device, DeviceState to, string reason, DateTimeOffset now)
    {
        if (device.State == DeviceState.Updating && DeviceLifecycle.CanTransition(device.State, to)) device.TransitionTo(to, reason, SystemActor, now);
    }

    private static string First(string reasonsJson)
    {
        var why = VerdictConsequences.Why(reasonsJson);
        return why.Length == 0 ? "no reason given" : why.Length <= 300 ? why : string.Concat(why.AsSpan(0, 299), "…");
    }
}
