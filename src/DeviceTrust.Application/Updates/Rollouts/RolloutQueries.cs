using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Updates;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Updates.Rollouts;

/// <summary>A decision in a rollout's timeline: when, who, what and why.</summary>
public sealed record RolloutTimelineEntry(long Sequence, DateTimeOffset At, string Actor, string Action, string? Detail);

/// <summary>The rollouts' read side, for every signed-in role: the list, one rollout's waves and progress, its devices, its timeline.</summary>
public sealed class RolloutQueries(IDeviceTrustDbContextFactory dbFactory)
{
    public const int MaxPageSize = 500;

    public async Task<IReadOnlyList<RolloutItem>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var rollouts = await db.Rollouts.AsNoTracking().OrderByDescending(r => r.CreatedAt).ToListAsync(cancellationToken);
        var counts = await CountsAsync(db, null, cancellationToken);
        var classes = await db.DeviceClasses.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        return rollouts.Select(r => Item(r, classes[r.DeviceClassId], counts.Where(c => c.RolloutId == r.Id))).ToList();
    }

    public async Task<RolloutDetail> GetAsync(Guid rolloutId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var rollout = await db.Rollouts.AsNoTracking().FirstOrDefaultAsync(r => r.Id == rolloutId, cancellationToken) ?? throw new NotFoundException($"Rollout {rolloutId}");
        var counts = await CountsAsync(db, rolloutId, cancellationToken);
        var className = await db.DeviceClasses.Where(c => c.Id == rollout.DeviceClassId).Select(c => c.Name).FirstAsync(cancellationToken);
        var group = rollout.GroupId is { } groupId ? await db.DeviceGroups.Where(g => g.Id == groupId).Select(g => g.Name).FirstOrDefaultAsync(cancellationToken) : null;
        var waves = rollout.Waves.Select((rules, i) => new WaveSummary(i, rules, Progress(counts.Where(c => c.Wave == i)),
            i == rollout.CurrentWave && rollout.Status is RolloutStatus.Running or RolloutStatus.Paused)).ToList();
        return new RolloutDetail(Item(rollout, className, counts), group, rollout.AttestationGatePercent, rollout.Window?.ToString(), rollout.StartAt, waves);
    }

    public async Task<PagedResult<RolloutTargetItem>> TargetsAsync(Guid rolloutId, int? wave = null, RolloutTargetStatus? status = null, string? search = null,
        int page = 0, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        if (page < 0) throw RequestValidationException.For("page", "The page is 0 or more.");
        if (pageSize is < 1 or > MaxPageSize) throw RequestValidationException.For("pageSize", $"The page size is 1-{MaxPageSize}.");
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        if (!await db.Rollouts.AnyAsync(r => r.Id == rolloutId, cancellationToken)) throw new NotFoundException($"Rollout {rolloutId}");
        var query = db.RolloutTargets.AsNoTracking().Where(t => t.RolloutId == rolloutId);
        if (wave is { } w) query = query.Where(t => t.Wave == w);
        if (status is { } s) query = query.Where(t => t.Status == s);
        if (!string.IsNullOrWhiteSpace(search)) query = query.Where(t => t.SerialNumber.Contains(search.Trim()));
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(t => t.Wave).ThenBy(t => t.SerialNumber).Skip(page * pageSize).Take(pageSize)
            .Select(t => new RolloutTargetItem(t.Id, t.DeviceId, t.SerialNumber, t.Wave, t.Status, t.Attempts, t.Reason, t.OfferedAt, t.ReportedAt, t.UpdatedAt))
            .ToListAsync(cancellationToken);
        return new PagedResult<RolloutTargetItem>(items, total, page, pageSize);
    }

    /// <summary>Every decision about the rollout as a whole, oldest first, from the audit trail.</summary>
    public async Task<IReadOnlyList<RolloutTimelineEntry>> TimelineAsync(Guid rolloutId, CancellationToken cancellationToken = default)
    {
        var id = rolloutId.ToString();
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.TargetType == AuditTargets.Rollout && e.TargetId == id).OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
        return entries.Select(e => new RolloutTimelineEntry(e.Sequence, e.Timestamp, e.Actor, e.Action[AuditActions.RolloutPrefix.Length..], Detail(e.Details))).ToList();
    }

    private static string? Detail(string details)
    {
        using var json = System.Text.Json.JsonDocument.Parse(details);
        return json.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == System.Text.Json.JsonValueKind.String ? detail.GetString() : null;
    }

    internal sealed record StatusCount(Guid RolloutId, int Wave, RolloutTargetStatus Status, int Count);

    internal static async Task<List<StatusCount>> CountsAsync(IDeviceTrustDbContext db, Guid? rolloutId, CancellationToken cancellationToken)
    {
        var query = db.RolloutTargets.AsNoTracking();
        if (rolloutId is { } id) query = query.Where(t => t.RolloutId == id);
        return await query.GroupBy(t => new { t.RolloutId, t.Wave, t.Status })
            .Select(g => new StatusCount(g.Key.RolloutId, g.Key.Wave, g.Key.Status, g.Count())).ToListAsync(cancellationToken);
    }

    internal static WaveProgress Progress(IEnumerable<StatusCount> counts)
    {
        var by = counts.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        int Of(RolloutTargetStatus s) => by.GetValueOrDefault(s);
        var (pending, offered, installed, verified, failed) = (Of(RolloutTargetStatus.Pending), Of(RolloutTargetStatus.Offered), Of(RolloutTargetStatus.Installed),
            Of(RolloutTargetStatus.Verified), Of(RolloutTargetStatus.Failed));
        return new WaveProgress(pending + offered + installed + verified + failed, pending, offered, installed, verified, failed);
    }

    private static RolloutItem Item(Rollout r, string className, IEnumerable<StatusCount> counts)
    {
        var all = Progress(counts);
        return new RolloutItem(r.Id, r.Name, r.ReleaseId, className, r.ReleaseVersion, r.SequenceNumber, r.Status, r.StatusReason, r.CurrentWave, r.Waves.Count,
            all.Total, all.Updated, all.Verified, all.Failed, r.CreatedAt, r.CreatedBy, r.ApprovedBy, r.StartedAt, r.EndedAt);
    }
}
