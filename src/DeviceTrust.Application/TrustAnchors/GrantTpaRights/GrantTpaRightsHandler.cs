using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Trust;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.TrustAnchors.GrantTpaRights;

/// <summary>Only a security officer delegates rights: grants a TPA rights over anchors of a purpose; a grant of the same purpose and scope replaces the earlier one.</summary>
public sealed class GrantTpaRightsHandler(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit)
{
    public async Task<ProvisioningAuthoritySummary> HandleAsync(Actor actor, Guid tpaId, TpaGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(grant);
        actor.EnsureInRole(Roles.SecurityOfficer);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var tpa = await db.ProvisioningAuthorities.FirstOrDefaultAsync(p => p.Id == tpaId, cancellationToken) ?? throw new NotFoundException($"TPA {tpaId}");
        tpa.Grant(grant, actor.Name);
        await audit.SaveAsync(db, cancellationToken);
        return ProvisioningAuthoritySummary.From(tpa);
    }
}
