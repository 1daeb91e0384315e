using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Domain.Refusals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Application.Refusals.RecordRefusals;

/// <summary>
/// Writes a window of coalesced refusals to the bounded store, as the system: a known key's row counts the repeats, a
/// new key gets a row (the first of its category for a known device goes on that device's timeline through the audit
/// trail), then the rows seen least recently beyond <see cref="RefusalOptions.MaxRows"/> are deleted. No role: nobody
/// asks for this, the device-facing services report what they refused.
/// </summary>
public sealed class RecordRefusalsHandler(
    IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, IRefusalNotifier notifier, RefusalMetrics metrics, TimeProvider time, IOptions<RefusalOptions> options)
{
    public async Task WriteAsync(IReadOnlyCollection<CoalescedRefusal> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0) return;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteOnceAsync(batch, cancellationToken);
                break;
            }
            catch (DbUpdateException) when (attempt < Concurrency.MaxAttempts)
            {
                // An acknowledgement of one of these rows, or another instance adding the same key, saved first: the
                // next attempt reads what they saved and counts onto it.
            }
        }

        await PruneAsync(cancellationToken);
        metrics.RefusalsRecorded(batch.Sum(b => b.Count));
        notifier.Publish(new RefusalsChanged(batch.Count, 0));
    }

    private async Task WriteOnceAsync(IReadOnlyCollection<CoalescedRefusal> batch, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var now = time.GetUtcNow();
        var firstsClaimed = new HashSet<(Guid, RefusalCategory)>();
        foreach (var item in batch)
        {
            var report = item.Latest;
            var category = report.Category ?? await ClassifyCertificateAsync(db, report.Fingerprint, now, cancellationToken);
            var sighting = new RefusalSighting(report.Endpoint, category, report.SourceAddress, report.Fingerprint, report.SerialNumber,
                report.CertificateSubject, report.CertificateIssuer, report.Reason, item.FirstAt, report.At, item.Count);
            var address = Refusal.AddressKey(sighting.SourceAddress);
            var credential = sighting.Credential;
            var existing = await db.Refusals.FirstOrDefaultAsync(r => r.Endpoint == sighting.Endpoint && r.SourceAddress == address
                                                                      && r.Category == category && r.Credential == credential, cancellationToken);
            if (existing is not null)
            {
                existing.RecordRepeat(sighting);
                continue;
            }

            var device = await DeviceOfAsync(db, sighting, cancellationToken);
            var first = device is not null && firstsClaimed.Add((device.Value.Id, category))
                        && !await db.Refusals.AnyAsync(r => r.DeviceId == device.Value.Id && r.Category == category, cancellationToken);
            db.Refusals.Add(Refusal.Record(sighting, device is { } d ? new RefusedDevice(d.Id, d.Serial, first) : null, Actor.System.Name));
        }

        await audit.SaveAsync(db, cancellationToken);
    }

    /// <summary>
    /// Why a certificate was not a current LDevID, for refusals whose refusing code does not say (the hub): unknown to this
    /// domain, not an LDevID, revoked, out of its validity, or of a device that may no longer connect.
    /// </summary>
    private static async Task<RefusalCategory> ClassifyCertificateAsync(IDeviceTrustDbContext db, string? fingerprint, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (fingerprint is null) return RefusalCategory.NoClientCertificate;
        var issued = await db.IssuedCertificates.AsNoTracking().Where(c => c.Fingerprint == fingerprint)
            .Select(c => new { c.Kind, c.RevokedAt, c.NotBefore, c.NotAfter, c.DeviceId }).FirstOrDefaultAsync(cancellationToken);
        if (issued is null || issued.Kind != IssuedCertificateKind.Ldevid) return RefusalCategory.UntrustedCertificate;
        if (issued.RevokedAt is not null) return RefusalCategory.RevokedCertificate;
        if (now < issued.NotBefore || now >= issued.NotAfter) return RefusalCategory.ExpiredCertificate;
        var state = await db.Devices.AsNoTracking().Where(d => d.Id == issued.DeviceId).Select(d => (DeviceState?)d.State).FirstOrDefaultAsync(cancellationToken);
        // A current LDevID of a device that may connect was refused only in a race with its revocation or re-enrollment.
        return state is DeviceState.Revoked or DeviceState.Decommissioned ? RefusalCategory.DeviceNotEligible : RefusalCategory.Other;
    }

    /// <summary>The known device a refusal names: by the certificate this domain issued, else by the serial claimed.</summary>
    private static async Task<(Guid Id, string Serial)?> DeviceOfAsync(IDeviceTrustDbContext db, RefusalSighting sighting, CancellationToken cancellationToken)
    {
        if (sighting.Fingerprint is { } fingerprint)
        {
            var issued = await db.IssuedCertificates.AsNoTracking().Where(c => c.Fingerprint == fingerprint && c.DeviceId != null)
                .Select(c => new { c.DeviceId, c.DeviceSerialNumber }).FirstOrDefaultAsync(cancellationToken);
            if (issued is not null) return (issued.DeviceId!.Value, issued.DeviceSerialNumber);
        }
        if (sighting.SerialNumber is not { Length: > 0 } serial) return null;
        var device = await db.Devices.AsNoTracking().Where(d => d.SerialNumber == serial).Select(d => new { d.Id, d.SerialNumber }).FirstOrDefaultAsync(cancellationToken);
        return device is null ? null : (device.Id, device.SerialNumber);
    }

    /// <summary>Keeps the store at <see cref="RefusalOptions.MaxRows"/>: the rows seen least recently go (their decisions stay in the audit log).</summary>
    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var excess = await db.Refusals.CountAsync(cancellationToken) - options.Value.MaxRows;
        if (excess <= 0) return;
        var oldest = await db.Refusals.OrderBy(r => r.LastSeenAt).ThenBy(r => r.Id).Select(r => r.Id).Take(excess).ToListAsync(cancellationToken);
        await db.Refusals.Where(r => oldest.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
    }
}
