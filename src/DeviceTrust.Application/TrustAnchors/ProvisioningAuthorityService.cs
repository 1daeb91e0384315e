using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Trust;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.TrustAnchors;

/// <summary>Trusted Provisioning Authorities and their grants; only a security officer delegates rights.</summary>
public sealed class ProvisioningAuthorityService(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit)
{
    public async Task<ProvisioningAuthoritySummary> CreateAsync(Actor actor, string name, string? description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.SecurityOfficer);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        if (await db.ProvisioningAuthorities.AnyAsync(p => p.Name == name, cancellationToken))
            throw RequestValidationException.For("name", $"A TPA named '{name}' exists already.");
        var tpa = ProvisioningAuthority.Create(Guid.NewGuid(), name, description);
        db.ProvisioningAuthorities.Add(tpa);
        await audit.SaveAsync(db, new AuditRecord(actor.Name, AuditActions.TpaCreated, AuditTargets.ProvisioningAuthority, tpa.Id.ToString(),
            JsonSerializer.Serialize(new { tpa.Name })), cancellationToken);
        return ToSummary(tpa);
    }

    public async Task<ProvisioningAuthoritySummary> GrantAsync(Actor actor, Guid tpaId, TpaGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(grant);
        actor.EnsureInRole(Roles.SecurityOfficer);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var tpa = await db.ProvisioningAuthorities.FirstOrDefaultAsync(p => p.Id == tpaId, cancellationToken) ?? throw new NotFoundException($"TPA {tpaId}");
        tpa.Grant(grant);
        await audit.SaveAsync(db, new AuditRecord(actor.Name, AuditActions.TpaGranted, AuditTargets.ProvisioningAuthority, tpa.Id.ToString(),
            JsonSerializer.Serialize(new { tpa.Name, rights = grant.Rights.ToString(), purpose = grant.Purpose.ToString(), grant.DeviceClassIds })), cancellationToken);
        return ToSummary(tpa);
    }

    public async Task<IReadOnlyList<ProvisioningAuthoritySummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var all = await db.ProvisioningAuthorities.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
        return all.Select(ToSummary).ToList();
    }

    private static ProvisioningAuthoritySummary ToSummary(ProvisioningAuthority p) => new(p.Id, p.Name, p.Description, p.Grants.ToList());
}
