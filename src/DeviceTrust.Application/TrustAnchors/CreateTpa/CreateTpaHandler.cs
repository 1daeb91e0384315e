using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Trust;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.TrustAnchors.CreateTpa;

/// <summary>A security officer creates a Trusted Provisioning Authority, with no grants yet; names are unique.</summary>
public sealed class CreateTpaHandler(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit)
{
    public async Task<ProvisioningAuthoritySummary> HandleAsync(Actor actor, string name, string? description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.SecurityOfficer);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        if (await db.ProvisioningAuthorities.AnyAsync(p => p.Name == name, cancellationToken))
            throw RequestValidationException.For("name", $"A TPA named '{name}' exists already.");
        var tpa = ProvisioningAuthority.Create(Guid.NewGuid(), name, description, actor.Name);
        db.ProvisioningAuthorities.Add(tpa);
        await audit.SaveAsync(db, cancellationToken);
        return ProvisioningAuthoritySummary.From(tpa);
    }
}
