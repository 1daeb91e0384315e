using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Trust;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.TrustAnchors;

/// <summary>The trust anchors' read side: the anchors and the Trusted Provisioning Authorities that own them.</summary>
public sealed class TrustAnchorQueries(IDeviceTrustDbContextFactory dbFactory)
{
    public async Task<IReadOnlyList<TrustAnchorSummary>> ListAnchorsAsync(TrustAnchorPurpose? purpose = null, bool includeRetired = false, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var anchors = db.TrustAnchors.AsNoTracking();
        if (purpose is { } p) anchors = anchors.Where(a => a.Purpose == p);
        if (!includeRetired) anchors = anchors.Where(a => a.Status == TrustAnchorStatus.Active);
        var list = await anchors.OrderBy(a => a.Name).ToListAsync(cancellationToken);
        var owners = await db.ProvisioningAuthorities.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return list.Select(a => TrustAnchorSummary.From(a, owners.GetValueOrDefault(a.OwnerId, "?"))).ToList();
    }

    public async Task<TrustAnchorSummary> GetAnchorAsync(Guid anchorId, CancellationToken cancellationToken = default) =>
        (await ListAnchorsAsync(includeRetired: true, cancellationToken: cancellationToken)).FirstOrDefault(a => a.Id == anchorId)
        ?? throw new NotFoundException($"Trust anchor {anchorId}");

    public async Task<IReadOnlyList<ProvisioningAuthoritySummary>> ListProvisioningAuthoritiesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var all = await db.ProvisioningAuthorities.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
        return all.Select(ProvisioningAuthoritySummary.From).ToList();
    }
}
