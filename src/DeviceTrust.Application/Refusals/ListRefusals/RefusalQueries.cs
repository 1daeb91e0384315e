using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Refusals;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Refusals.ListRefusals;

/// <summary>
/// Reads the refusal store for security officers and auditors (operators run the fleet; what was refused at its edge is
/// a security matter). Server-side paging and filters: the store holds up to Refusals:MaxRows rows.
/// </summary>
public sealed class RefusalQueries(IDeviceTrustDbContextFactory dbFactory, TimeProvider time)
{
    public static readonly TimeSpan SummaryWindow = TimeSpan.FromHours(24);

    /// <summary>Who may read refusals; the page and the API check the same.</summary>
    public static bool MayRead(Actor actor) => actor.IsInRole(Roles.SecurityOfficer) || actor.IsInRole(Roles.Auditor);

    public async Task<PagedResult<RefusalRow>> ListAsync(RefusalQuery query, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        EnsureMayRead(actor);
        Paging.Validate(query.Page, query.PageSize);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var filtered = Filter(db.Refusals.AsNoTracking(), query);
        var total = await filtered.CountAsync(cancellationToken);
        var page = await Sort(filtered, query).Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(r => new RefusalRow(r.Id, r.Endpoint, r.Category, r.SourceAddress, r.Fingerprint, r.SerialNumber, r.CertificateSubject,
                r.CertificateIssuer, r.DeviceId, r.FirstSeenAt, r.LastSeenAt, r.Count, r.LastReason, r.Status, r.AcknowledgedBy, r.AcknowledgedAt,
                r.AcknowledgementNote, r.CountAtAcknowledgement))
            .ToListAsync(cancellationToken);
        return new PagedResult<RefusalRow>(page, total, query.Page, query.PageSize);
    }

    /// <summary>
    /// Rows seen in the last 24 hours by category. A row's count covers its whole life, so "requests" is an upper bound for
    /// the window when a row began earlier; the rows themselves are exact.
    /// </summary>
    public async Task<RefusalSummary> SummaryAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        EnsureMayRead(actor);
        var since = time.GetUtcNow() - SummaryWindow;
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var byCategory = await db.Refusals.AsNoTracking().Where(r => r.LastSeenAt >= since).GroupBy(r => r.Category)
            .Select(g => new RefusalCategoryCount(g.Key, g.Count(), g.Sum(r => r.Count))).ToListAsync(cancellationToken);
        var open = await db.Refusals.CountAsync(r => r.Status == RefusalStatus.Open, cancellationToken);
        var total = await db.Refusals.CountAsync(cancellationToken);
        return new RefusalSummary(since, byCategory.OrderByDescending(c => c.Requests).ThenBy(c => c.Category).ToList(), open, total);
    }

    private static void EnsureMayRead(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!MayRead(actor)) throw new ForbiddenException($"{actor.Name} is not a {Roles.SecurityOfficer} or {Roles.Auditor} and may not read refusals.");
    }

    private static IQueryable<Refusal> Filter(IQueryable<Refusal> rows, RefusalQuery q)
    {
        if (q.Category is { } category) rows = rows.Where(r => r.Category == category);
        if (q.Endpoint is { } endpoint) rows = rows.Where(r => r.Endpoint == endpoint);
        if (q.Status is { } status) rows = rows.Where(r => r.Status == status);
        if (q.DeviceId is { } deviceId) rows = rows.Where(r => r.DeviceId == deviceId);
        if (q.Since is { } since) rows = rows.Where(r => r.LastSeenAt >= since);
        if (q.Until is { } until) rows = rows.Where(r => r.LastSeenAt < until);
        if (!string.IsNullOrWhiteSpace(q.SourceAddress))
        {
            var address = Refusal.AddressKey(q.SourceAddress);
            rows = rows.Where(r => r.SourceAddress == address);
        }
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var term = q.Search.Trim().ToLower();
            rows = rows.Where(r => (r.SerialNumber != null && r.SerialNumber.ToLower().Contains(term)) || (r.Fingerprint != null && r.Fingerprint.Contains(term))
                                   || (r.CertificateSubject != null && r.CertificateSubject.ToLower().Contains(term)));
        }
        return rows;
    }

    private static IQueryable<Refusal> Sort(IQueryable<Refusal> rows, RefusalQuery q)
    {
        var ordered = (q.SortBy, q.Descending) switch
        {
            (RefusalSort.Count, true) => rows.OrderByDescending(r => r.Count),
            (RefusalSort.Count, false) => rows.OrderBy(r => r.Count),
            (RefusalSort.FirstSeen, true) => rows.OrderByDescending(r => r.FirstSeenAt),
            (RefusalSort.FirstSeen, false) => rows.OrderBy(r => r.FirstSeenAt),
            (_, false) => rows.OrderBy(r => r.LastSeenAt),
            _ => rows.OrderByDescending(r => r.LastSeenAt),
        };
        // The id breaks ties, so paging through equal keys is stable.
        return ordered.ThenBy(r => r.Id);
    }
}
