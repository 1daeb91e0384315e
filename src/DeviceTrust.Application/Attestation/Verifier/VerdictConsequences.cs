using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Attestation.Verifier;

/// <summary>
/// Carries an appraisal's verdict over to its device, as <see cref="AttestationConsequences"/> and the class's policy say:
/// a device enters service by attesting, a contraindicated one is quarantined with the reasons in the move. Only the
/// device's latest appraisal decides, so a late save of an older one never undoes a newer verdict. Its own transaction
/// after the appraisal's: the device is a busy aggregate (its telemetry), and a conflict is simply decided again.
/// </summary>
public sealed class VerdictConsequences(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time)
{
    /// <summary>
    /// As <see cref="ApplyAsync(Guid, CancellationToken)"/>, for an appraisal just saved on <paramref name="db"/>: when its
    /// verdict moves the device nowhere from the state the device is in now (under its class's policy now), the answer is
    /// null whichever appraisal is the latest, and that is decided with one read on the caller's context. An Operational
    /// device that stays affirming, the usual case, then costs no second context and no reads of the appraisals.
    /// Otherwise the verdict is applied as ever, on its own context and transaction.
    /// </summary>
    public async Task<DeviceStateChanged?> ApplyAsync(IDeviceTrustDbContext db, AttestationAppraisal appraisal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(appraisal);
        var device = await VerifierQueries.StateAndPolicyAsync(db, appraisal.DeviceId, cancellationToken);
        if (device is not null && AttestationConsequences.TargetOf(device.State, appraisal.Verdict, device.Policy) is null) return null;
        return await ApplyAsync(appraisal.Id, cancellationToken);
    }

    /// <summary>The move the appraisal made, or null when the device stays where it is.</summary>
    public Task<DeviceStateChanged?> ApplyAsync(Guid appraisalId, CancellationToken cancellationToken = default) =>
        Concurrency.RetryAsync($"Appraisal {appraisalId}", async () =>
        {
            await using var db = await dbFactory.CreateAsync(cancellationToken);
            var appraisal = await db.AttestationAppraisals.AsNoTracking().Where(a => a.Id == appraisalId)
                                .Select(a => new { a.DeviceId, a.AppraisedAt, a.Verdict, a.Reasons }).FirstOrDefaultAsync(cancellationToken)
                            ?? throw new NotFoundException($"Appraisal {appraisalId}");
            var latest = await db.AttestationAppraisals.AsNoTracking().Where(a => a.DeviceId == appraisal.DeviceId)
                .OrderByDescending(a => a.AppraisedAt).ThenByDescending(a => a.Id).Select(a => a.Id).FirstAsync(cancellationToken);
            if (latest != appraisalId) return null;
            var device = await db.Devices.FirstAsync(d => d.Id == appraisal.DeviceId, cancellationToken);
            var policy = await db.DeviceClasses.AsNoTracking().Where(c => c.Id == device.DeviceClassId).Select(c => c.AttestationPolicy).FirstAsync(cancellationToken);
            var change = AttestationConsequences.Apply(device, appraisal.Verdict, policy, Why(appraisal.Reasons), Actor.System.Name, time.GetUtcNow());
            if (change is null) return null;
            await audit.SaveAsync(db, cancellationToken);
            return change;
        });

    /// <summary>The reasons of the claims that were not affirming, one line: "executables: … ; configuration: …".</summary>
    public static string Why(string reasonsJson)
    {
        var reasons = JsonSerializer.Deserialize<List<AppraisalReasonJson>>(reasonsJson) ?? [];
        return string.Join("; ", reasons.Where(r => TrustTiers.Of((sbyte)r.Value) is TrustTier.Warning or TrustTier.Contraindicated)
            .Select(r => $"{r.Claim}: {r.Text}"));
    }
}

/// <summary>One reason as an appraisal stores it: the vector claim's name, its value and what that means.</summary>
public sealed record AppraisalReasonJson(
    [property: System.Text.Json.Serialization.JsonPropertyName("claim")] string Claim,
    [property: System.Text.Json.Serialization.JsonPropertyName("value")] int Value,
    [property: System.Text.Json.Serialization.JsonPropertyName("text")] string Text);
