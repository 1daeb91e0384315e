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

/// <param name="Search">Matches actor, action, target id or details (contains, case-insensitive).</param>
public sealed record AuditQuery(int Page = 0, int PageSize = 50, string? Search = null, string? TargetType = null, string? TargetId = null);

/// <summary>Reads, verifies and exports the audit chain. Read-only: the chain is only ever appended to by <see cref="AuditTrail"/>.</summary>
public sealed class AuditQueries(IDeviceTrustDbContextFactory dbFactory)
{
    public async Task<PagedResult<AuditEntryDto>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Paging.Validate(query.Page, query.PageSize);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.TargetType)) entries = entries.Where(e => e.TargetType == query.TargetType);
        if (!string.IsNullOrWhiteSpace(query.TargetId)) entries = entries.Where(e => e.TargetId == query.TargetId);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLower();
            entries = entries.Where(e => e.Actor.ToLower().Contains(term) || e.Action.ToLower().Contains(term)
                                         || e.TargetId.ToLower().Contains(term) || e.Details.ToLower().Contains(term));
        }

        var total = await entries.CountAsync(cancellationToken);
        var page = await entries.OrderByDescending(e => e.Sequence).Skip(query.Page * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new PagedResult<AuditEntryDto>(page.Select(AuditEntryDto.From).ToList(), total, query.Page, query.PageSize);
    }

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
}
