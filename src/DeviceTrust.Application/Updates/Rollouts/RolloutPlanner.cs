using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Updates;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Updates.Rollouts;

/// <summary>
/// Which devices a rollout takes and in which wave: devices of the release's class (and group) that are in service
/// (Operational, or Quarantined: an update is how a quarantined device gets well), not already running the release's
/// version, and not part of another active rollout; in serial-number order, each wave taking its count or percentage and
/// the last wave every device left.
/// </summary>
public sealed class RolloutPlanner(IDeviceTrustDbContextFactory dbFactory)
{
    /// <summary>Devices listed per wave in a preview; the counts are always whole.</summary>
    public const int PreviewDevicesPerWave = 25;

    public static readonly DeviceState[] UpdatableStates = [DeviceState.Operational, DeviceState.Quarantined];

    public async Task<RolloutPreview> PreviewAsync(Guid releaseId, Guid? groupId, IReadOnlyList<WavePlan> waves, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var release = await db.FirmwareReleases.AsNoTracking().FirstOrDefaultAsync(r => r.Id == releaseId, cancellationToken)
                      ?? throw RequestValidationException.For("releaseId", $"No release has id {releaseId}.");
        var plan = await PlanAsync(db, release, groupId, waves, cancellationToken);
        return new RolloutPreview(plan.Eligible.Count,
            plan.Waves.Select((devices, i) => new PreviewWave(i, devices.Count, devices.Take(PreviewDevicesPerWave).ToList())).ToList(),
            plan.AlreadyOnRelease, plan.InOtherRollouts, plan.NotInService);
    }

    internal sealed record Plan(IReadOnlyList<PreviewDevice> Eligible, IReadOnlyList<IReadOnlyList<PreviewDevice>> Waves, int AlreadyOnRelease, int InOtherRollouts,
        int NotInService);

    internal static async Task<Plan> PlanAsync(IDeviceTrustDbContext db, FirmwareRelease release, Guid? groupId, IReadOnlyList<WavePlan> waves,
        CancellationToken cancellationToken)
    {
        Validate(waves);
        var query = db.Devices.AsNoTracking().Where(d => d.DeviceClassId == release.DeviceClassId);
        if (groupId is { } group) query = query.Where(d => d.GroupId == group);
        var devices = await query.OrderBy(d => d.SerialNumber).Select(d => new { d.Id, d.SerialNumber, d.State, d.Components }).ToListAsync(cancellationToken);
        var busy = (await (from t in db.RolloutTargets
                join r in db.Rollouts on t.RolloutId equals r.Id
                where r.Status != RolloutStatus.Completed && r.Status != RolloutStatus.Cancelled
                      && t.Status != RolloutTargetStatus.Verified && t.Status != RolloutTargetStatus.Failed
                      && t.Status != RolloutTargetStatus.Excluded && t.Status != RolloutTargetStatus.Cancelled
                select t.DeviceId).ToListAsync(cancellationToken)).ToHashSet();
        var components = release.Images.Select(i => i.Component).ToHashSet(StringComparer.Ordinal);
        // A device that runs a release of the class with this sequence number or a higher one would refuse this one
        // (anti-rollback) and be quarantined for it: it counts as already on the release. One the catalog does not know is offered it.
        var sequenceOf = (await db.FirmwareReleases.AsNoTracking().Where(f => f.DeviceClassId == release.DeviceClassId)
                .Select(f => new { f.FirmwareVersion, f.SequenceNumber }).ToListAsync(cancellationToken))
            .GroupBy(f => f.FirmwareVersion, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(f => f.SequenceNumber), StringComparer.Ordinal);
        var (onRelease, inOther, outOfService) = (0, 0, 0);
        var eligible = new List<PreviewDevice>();
        foreach (var d in devices)
        {
            var version = d.Components.FirstOrDefault(c => components.Contains(c.Name))?.Version;
            if (!UpdatableStates.Contains(d.State)) outOfService++;
            else if (version == release.FirmwareVersion
                     || (version is not null && sequenceOf.TryGetValue(version, out var running) && running >= release.SequenceNumber)) onRelease++;
            else if (busy.Contains(d.Id)) inOther++;
            else eligible.Add(new PreviewDevice(d.Id, d.SerialNumber, d.State, version));
        }
        return new Plan(eligible, Split(eligible, waves), onRelease, inOther, outOfService);
    }

    /// <summary>Each wave its count or percentage of all eligible devices (at least one while any is left), the last the rest.</summary>
    internal static IReadOnlyList<IReadOnlyList<PreviewDevice>> Split(IReadOnlyList<PreviewDevice> eligible, IReadOnlyList<WavePlan> waves)
    {
        var result = new List<IReadOnlyList<PreviewDevice>>();
        var next = 0;
        for (var i = 0; i < waves.Count; i++)
        {
            var wave = waves[i];
            var size = i == waves.Count - 1 ? eligible.Count - next
                : wave.Percent ? (int)Math.Ceiling(eligible.Count * wave.Size / 100.0) : wave.Size;
            size = Math.Clamp(size, 0, eligible.Count - next);
            result.Add(eligible.Skip(next).Take(size).ToList());
            next += size;
        }
        return result;
    }

    /// <summary>The one check of a wave plan, for rollouts and what-if runs alike.</summary>
    /// <exception cref="RequestValidationException">No waves or too many, a wave missing, a size or threshold out of range.</exception>
    internal static void Validate(IReadOnlyList<WavePlan>? waves)
    {
        if (waves is null || waves.Count is < 1 or > RolloutWave.MaxWaves)
            throw RequestValidationException.For("waves", $"A rollout has 1-{RolloutWave.MaxWaves} waves.");
        for (var i = 0; i < waves.Count; i++)
        {
            var wave = waves[i] ?? throw RequestValidationException.For($"waves[{i}]", "A wave is missing.");
            if (wave.Size < 1 || (wave.Percent && wave.Size > 100))
                throw RequestValidationException.For($"waves[{i}].size", wave.Percent ? "A wave's share is 1-100%." : "A wave takes at least one device.");
            if (wave.SuccessThresholdPercent is < 1 or > 100 || wave.ErrorThresholdPercent is < 1 or > 100)
                throw RequestValidationException.For($"waves[{i}]", "Thresholds are 1-100%.");
        }
    }
}
