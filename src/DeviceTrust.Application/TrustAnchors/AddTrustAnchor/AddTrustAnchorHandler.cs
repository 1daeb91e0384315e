using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Trust;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.TrustAnchors.AddTrustAnchor;

/// <summary>
/// A security officer (who holds every right) adds a certificate or public key as a trust anchor for a purpose; the
/// domain checks a TPA's grants when a TPA acts. Audited in the same transaction.
/// </summary>
public sealed class AddTrustAnchorHandler(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time)
{
    public async Task<TrustAnchorSummary> HandleAsync(Actor actor, AddTrustAnchorRequest request, CancellationToken cancellationToken = default)
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

        var anchor = TrustAnchor.Add(request.Name, request.Purpose, material, request.DeviceClassIds, owner, AnchorAuthority.SecurityOfficer, actor.Name,
            time.GetUtcNow());
        db.TrustAnchors.Add(anchor);
        await audit.SaveAsync(db, cancellationToken);
        return TrustAnchorSummary.From(anchor, owner.Name);
    }
}
