using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Trust;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.TrustAnchors;

/// <summary>
/// Adds, retires and lists trust anchors. Changes are made by a security officer (who holds every right); the domain
/// checks a TPA's grants when a TPA acts. Every change is audited in the same transaction.
/// </summary>
public sealed class TrustAnchorService(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time)
{
    public async Task<TrustAnchorSummary> AddAsync(Actor actor, AddTrustAnchorRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        actor.EnsureInRole(Roles.SecurityOfficer);
        var material = AnchorMaterialReader.Read(request.Material);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var owner = await db.ProvisioningAuthorities.FirstOrDefaultAsync(p => p.Id == request.OwnerId, cancellationToken)
                    ?? throw RequestValidationException.For("ownerId", "No such Trusted Provisioning Authority.");
        var known = await db.DeviceClasses.Where(c => request.DeviceClassIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        if (known.Count != request.DeviceClassIds.Distinct().Count()) throw RequestValidationException.For("deviceClassIds", "A listed device class does not exist.");
        var duplicate = await db.TrustAnchors.AnyAsync(a => a.Purpose == request.Purpose && a.Status == TrustAnchorStatus.Active
                                                            && a.Material.Fingerprint == material.Fingerprint, cancellationToken);
        if (duplicate) throw RequestValidationException.For("material", $"This key is already an active {request.Purpose} anchor.");

        var anchor = TrustAnchor.Add(request.Name, request.Purpose, material, request.DeviceClassIds, owner, AnchorAuthority.SecurityOfficer, time.GetUtcNow());
        db.TrustAnchors.Add(anchor);
        await audit.SaveAsync(db, Record(actor, AuditActions.TrustAnchorAdded, anchor, new { anchor.Name, purpose = anchor.Purpose.ToString(), owner = owner.Name, anchor.Material.Fingerprint }), cancellationToken);
        return ToSummary(anchor, owner.Name);
    }

    public async Task RetireAsync(Actor actor, Guid anchorId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.SecurityOfficer);
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500) throw RequestValidationException.For("reason", "Give a reason of 1-500 characters.");
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var anchor = await db.TrustAnchors.FirstOrDefaultAsync(a => a.Id == anchorId, cancellationToken) ?? throw new NotFoundException($"Trust anchor {anchorId}");
        anchor.Retire(reason, AnchorAuthority.SecurityOfficer, time.GetUtcNow());
        await audit.SaveAsync(db, Record(actor, AuditActions.TrustAnchorRetired, anchor, new { anchor.Name, reason }), cancellationToken);
    }

    public async Task<IReadOnlyList<TrustAnchorSummary>> ListAsync(TrustAnchorPurpose? purpose = null, bool includeRetired = false, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var anchors = db.TrustAnchors.AsNoTracking();
        if (purpose is { } p) anchors = anchors.Where(a => a.Purpose == p);
        if (!includeRetired) anchors = anchors.Where(a => a.Status == TrustAnchorStatus.Active);
        var list = await anchors.OrderBy(a => a.Name).ToListAsync(cancellationToken);
        var owners = await db.ProvisioningAuthorities.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return list.Select(a => ToSummary(a, owners.GetValueOrDefault(a.OwnerId, "?"))).ToList();
    }

    public async Task<TrustAnchorSummary> GetAsync(Guid anchorId, CancellationToken cancellationToken = default) =>
        (await ListAsync(includeRetired: true, cancellationToken: cancellationToken)).FirstOrDefault(a => a.Id == anchorId)
        ?? throw new NotFoundException($"Trust anchor {anchorId}");

    private static AuditRecord Record(Actor actor, string action, TrustAnchor anchor, object details) =>
        new(actor.Name, action, AuditTargets.TrustAnchor, anchor.Id.ToString(), JsonSerializer.Serialize(details));

    private static TrustAnchorSummary ToSummary(TrustAnchor a, string owner) => new(
        a.Id, a.Name, a.Purpose, a.Material.Format, a.Material.Subject, a.Material.Fingerprint, a.Material.NotBefore, a.Material.NotAfter,
        a.DeviceClassIds, a.OwnerId, owner, a.Status, a.CreatedAt, a.RetiredAt, a.RetirementReason);
}
