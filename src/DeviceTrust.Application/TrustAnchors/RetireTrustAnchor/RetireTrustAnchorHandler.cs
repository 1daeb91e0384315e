using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Trust;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.TrustAnchors.RetireTrustAnchor;

/// <summary>A security officer stops trusting an anchor everywhere; the anchor decides whether it can retire. Audited in the same transaction.</summary>
public sealed class RetireTrustAnchorHandler(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time)
{
    public async Task HandleAsync(Actor actor, Guid anchorId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.SecurityOfficer);
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500) throw RequestValidationException.For("reason", "Give a reason of 1-500 characters.");
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var anchor = await db.TrustAnchors.FirstOrDefaultAsync(a => a.Id == anchorId, cancellationToken) ?? throw new NotFoundException($"Trust anchor {anchorId}");
        anchor.Retire(reason, AnchorAuthority.SecurityOfficer, actor.Name, time.GetUtcNow());
        await audit.SaveAsync(db, cancellationToken);
    }
}
