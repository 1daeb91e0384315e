using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Attestation.Policies;

/// <summary>A device class's appraisal policy as the API and the policy page show it.</summary>
/// <param name="MinimumDebugStatus">The least-open dbgstat accepted (0 enabled .. 4 permanently disabled).</param>
/// <param name="RequiredClaims">EAT claim keys the evidence must carry beyond the profile's.</param>
/// <param name="ReattestationIntervalMinutes">How often a connected device of the class is asked again.</param>
/// <param name="OnWarning">"Flag" (stays in service) or "Quarantine".</param>
/// <param name="ReleaseOnAffirming">Whether an affirming verdict releases a quarantined device (else a security officer does).</param>
public sealed record AttestationPolicyView(Guid DeviceClassId, string DeviceClass, string Manufacturer, AttestationModel Model, int Version,
    int MinimumDebugStatus, IReadOnlyList<int> RequiredClaims, int ReattestationIntervalMinutes, WarningAction OnWarning, bool ReleaseOnAffirming,
    bool FlagSupersededFirmware = false);

/// <summary>A new policy for a class. <paramref name="ExpectedVersion"/>: the version the caller edited; refused (409) when it moved on.</summary>
public sealed record ChangeAttestationPolicyRequest(int MinimumDebugStatus, IReadOnlyList<int>? RequiredClaims, int ReattestationIntervalMinutes,
    WarningAction OnWarning, bool ReleaseOnAffirming, int? ExpectedVersion = null, bool FlagSupersededFirmware = false);

/// <summary>
/// The appraisal policy of each device class: read by everyone, changed by a security officer (audited with the old and
/// the new policy). Every change takes the next version, which each later appraisal records.
/// </summary>
public sealed class AttestationPolicies(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit)
{
    public async Task<IReadOnlyList<AttestationPolicyView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var classes = await (from c in db.DeviceClasses.AsNoTracking()
                             join m in db.Manufacturers.AsNoTracking() on c.ManufacturerId equals m.Id
                             orderby c.Name
                             select new { Class = c, Manufacturer = m.Name }).ToListAsync(cancellationToken);
        return classes.ConvertAll(c => View(c.Class, c.Manufacturer));
    }

    public async Task<AttestationPolicyView> ChangeAsync(Actor actor, Guid deviceClassId, ChangeAttestationPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        actor.EnsureInRole(Roles.SecurityOfficer);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var deviceClass = await db.DeviceClasses.FirstOrDefaultAsync(c => c.Id == deviceClassId, cancellationToken)
                          ?? throw new NotFoundException($"Device class {deviceClassId}");
        var before = deviceClass.AttestationPolicy;
        if (request.ExpectedVersion is { } expected && expected != before.Version)
            throw new ConflictException($"The policy of {deviceClass.Name} is at version {before.Version} now, not {expected}; look at it again before changing it.");
        AttestationPolicy after;
        try
        {
            after = deviceClass.ChangeAttestationPolicy(new AttestationPolicy(request.MinimumDebugStatus, [.. request.RequiredClaims ?? []],
                TimeSpan.FromMinutes(request.ReattestationIntervalMinutes), request.OnWarning, request.ReleaseOnAffirming)
            {
                FlagSupersededFirmware = request.FlagSupersededFirmware,
            });
        }
        catch (DomainException e)
        {
            throw RequestValidationException.For("policy", e.Message);
        }
        var manufacturer = await db.Manufacturers.AsNoTracking().Where(m => m.Id == deviceClass.ManufacturerId).Select(m => m.Name).FirstAsync(cancellationToken);
        await audit.SaveAsync(db, new AuditRecord(actor.Name, AuditActions.AttestationPolicyChanged, AuditTargets.DeviceClass, deviceClass.Name,
            JsonSerializer.Serialize(new { deviceClassId, from = Describe(before), to = Describe(after) })), cancellationToken);
        return View(deviceClass, manufacturer);
    }

    private static object Describe(AttestationPolicy p) => new
    {
        version = p.Version, minimumDebugStatus = p.MinimumDebugStatus, requiredClaims = p.RequiredClaims,
        reattestationIntervalMinutes = (int)p.ReattestationInterval.TotalMinutes, onWarning = p.OnWarning.ToString(), releaseOnAffirming = p.ReleaseOnAffirming,
        flagSupersededFirmware = p.FlagSupersededFirmware,
    };

    private static AttestationPolicyView View(Domain.Fleet.DeviceClass c, string manufacturer)
    {
        var p = c.AttestationPolicy;
        return new AttestationPolicyView(c.Id, c.Name, manufacturer, c.AttestationModel, p.Version, p.MinimumDebugStatus, p.RequiredClaims,
            (int)p.ReattestationInterval.TotalMinutes, p.OnWarning, p.ReleaseOnAffirming, p.FlagSupersededFirmware);
    }
}
