using System.Reflection;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Audit;

public sealed record AuditEntryDto(
    long Sequence, DateTimeOffset Timestamp, string Actor, string Action, string TargetType, string TargetId,
    string Details, string PreviousHash, string Hash)
{
    internal static AuditEntryDto From(AuditEntry e) =>
        new(e.Sequence, e.Timestamp, e.Actor, e.Action, e.TargetType, e.TargetId, e.Details, e.PreviousHash, e.Hash);
}

/// <summary>A page of the audit log, newest first. Filters combine with AND; each is left out when empty.</summary>
/// <param name="Search">Matches actor, action, target id or details (contains, case-insensitive).</param>
/// <param name="TargetType">The target's type, exactly ("device", "trust-anchor", ...).</param>
/// <param name="TargetId">The target's id, exactly (a device's serial, an anchor's id, a user's name).</param>
/// <param name="Actions">Action names, exactly; an entry of any of them matches.</param>
/// <param name="Actor">Part of the actor ("user:alice", "device:SN-1", "system"), case-insensitive.</param>
/// <param name="From">Entries at or after this instant.</param>
/// <param name="To">Entries at or before this instant; not before <paramref name="From"/>.</param>
public sealed record AuditQuery(
    int Page = 0, int PageSize = 50, string? Search = null, string? TargetType = null, string? TargetId = null,
    IReadOnlyCollection<string>? Actions = null, string? Actor = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>What the audit log's filters offer: the known actions and target types, and any others the log holds.</summary>
public sealed record AuditFilterOptions(IReadOnlyList<string> Actions, IReadOnlyList<string> TargetTypes);

/// <summary>Reads, verifies and exports the audit chain. Read-only: the chain is only ever appended to by <see cref="AuditTrail"/>.</summary>
public sealed class AuditQueries(IDeviceTrustDbContextFactory dbFactory)
{
    /// <summary>At most this many actions in one filter.</summary>
    public const int MaxActions = 50;

    private const string DeviceActorPrefix = "device:";

    private static readonly string[] KnownActions = ConstantsOf(typeof(AuditActions));
    private static readonly string[] KnownTargetTypes = ConstantsOf(typeof(AuditTargets));

    public async Task<PagedResult<AuditEntryDto>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Paging.Validate(query.Page, query.PageSize);
        Validate(query);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var entries = Filter(db.AuditEntries.AsNoTracking(), query);
        var total = await entries.CountAsync(cancellationToken);
        var page = await entries.OrderByDescending(e => e.Sequence).Skip(query.Page * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new PagedResult<AuditEntryDto>(page.Select(AuditEntryDto.From).ToList(), total, query.Page, query.PageSize);
    }

    public async Task<AuditFilterOptions> FilterOptionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var actions = await db.AuditEntries.AsNoTracking().Select(e => e.Action).Distinct().ToListAsync(cancellationToken);
        var targetTypes = await db.AuditEntries.AsNoTracking().Where(e => e.TargetType != "").Select(e => e.TargetType).Distinct()
            .ToListAsync(cancellationToken);
        return new AuditFilterOptions(Union(KnownActions, actions), Union(KnownTargetTypes, targetTypes));
    }

    /// <summary>
    /// The ids of the devices <paramref name="entries"/> name, as target or as actor ("device:SERIAL"), by serial: one
    /// lookup for a page, so each can link to its device. Serials of devices that no longer exist are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Guid>> DeviceIdsAsync(IEnumerable<AuditEntryDto> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var serials = entries.SelectMany(e => new[] { TargetDeviceSerial(e), ActorDeviceSerial(e.Actor) }).OfType<string>()
            .Distinct(StringComparer.Ordinal).ToList();
        if (serials.Count == 0) return new Dictionary<string, Guid>();
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        return await db.Devices.AsNoTracking().Where(d => serials.Contains(d.SerialNumber))
            .ToDictionaryAsync(d => d.SerialNumber, d => d.Id, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>The serial of the device an entry is about, when its target is a device.</summary>
    public static string? TargetDeviceSerial(AuditEntryDto entry) =>
        entry is { TargetType: AuditTargets.Device, TargetId.Length: > 0 } ? entry.TargetId : null;

    /// <summary>The serial of the device that acted ("device:SERIAL"), when a device did.</summary>
    public static string? ActorDeviceSerial(string actor) =>
        actor.StartsWith(DeviceActorPrefix, StringComparison.Ordinal) && actor.Length > DeviceActorPrefix.Length ? actor[DeviceActorPrefix.Length..] : null;

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        return AuditChain.Verify(entries);
    }

    /// <summary>The whole chain, oldest first, streamed so an export never holds the log in memory twice.</summary>
    public async IAsyncEnumerable<AuditEntryDto> ExportAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return AuditEntryDto.From(entry);
        }
    }

    private static IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> entries, AuditQuery query)
    {
        if (query.TargetType?.Trim() is { Length: > 0 } targetType) entries = entries.Where(e => e.TargetType == targetType);
        if (query.TargetId?.Trim() is { Length: > 0 } targetId) entries = entries.Where(e => e.TargetId == targetId);
        if (query.Actions is { Count: > 0 } actions)
        {
            var wanted = actions.Select(a => a.Trim()).Distinct(StringComparer.Ordinal).ToList();
            entries = entries.Where(e => wanted.Contains(e.Action));
        }

        if (query.Actor?.Trim().ToLower() is { Length: > 0 } actor) entries = entries.Where(e => e.Actor.ToLower().Contains(actor));

        // Stored in UTC; compared as stored (see the context's DateTimeOffset conversion), so the bounds are taken to UTC too.
        if (query.From is { } from)
        {
            var utc = from.ToUniversalTime();
            entries = entries.Where(e => e.Timestamp >= utc);
        }

        if (query.To is { } to)
        {
            var utc = to.ToUniversalTime();
            entries = entries.Where(e => e.Timestamp <= utc);
        }

        if (query.Search?.Trim().ToLower() is { Length: > 0 } term)
        {
            entries = entries.Where(e => e.Actor.ToLower().Contains(term) || e.Action.ToLower().Contains(term)
                                         || e.TargetId.ToLower().Contains(term) || e.Details.ToLower().Contains(term));
        }

        return entries;
    }

    private static void Validate(AuditQuery query)
    {
        var errors = new Dictionary<string, string[]>();
        if (query.From is { } from && query.To is { } to && to < from)
            errors["to"] = ["The end of the time range (to) is before its start (from)."];
        if (query.Actions is { } actions)
        {
            if (actions.Count > MaxActions) errors["action"] = [$"At most {MaxActions} actions at once."];
            else if (actions.Any(a => string.IsNullOrWhiteSpace(a) || a.Trim().Length > 100)) errors["action"] = ["An action is a name of 1-100 characters."];
        }

        if (query.Actor?.Trim().Length > 200) errors["actor"] = ["The actor filter is at most 200 characters."];
        if (query.TargetType?.Trim().Length > 50) errors["targetType"] = ["The target type is at most 50 characters."];
        if (query.TargetId?.Trim().Length > 200) errors["targetId"] = ["The target id is at most 200 characters."];
        if (errors.Count > 0) throw new RequestValidationException(errors);
    }

    private static List<string> Union(IEnumerable<string> known, IEnumerable<string> stored) =>
        known.Union(stored, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    // AuditActions and AuditTargets are the registries the trail writes from; their constants are what a filter offers.
    private static string[] ConstantsOf(Type registry) =>
        registry.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();
}
