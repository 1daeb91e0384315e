using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Enrollment.Pki;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Provisioning.Certificates;

/// <summary>
/// Revocation: a device's certificates go on the CRL and the device becomes Revoked, in one transaction. A device moved to
/// Revoked any other way loses its certificates the same way (see <see cref="RevokeAllAsync"/>).
/// </summary>
public sealed class CertificateRevocation(IDeviceTrustDbContextFactory dbFactory, DomainPki pki, AuditTrail audit, IFleetNotifier notifier, TimeProvider time)
{
    public const int MaxReasonLength = 500;

    public async Task RevokeDeviceAsync(Guid deviceId, CertificateRevocationReason reason, string comment, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.Operator);
        if (!Enum.IsDefined(reason)) throw RequestValidationException.For("reason", "Unknown revocation reason.");
        if (string.IsNullOrWhiteSpace(comment) || comment.Trim().Length > MaxReasonLength)
            throw RequestValidationException.For("comment", $"Say why, in 1-{MaxReasonLength} characters.");
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken) ?? throw new NotFoundException($"Device {deviceId}");
        var now = time.GetUtcNow();
        var change = device.TransitionTo(DeviceState.Revoked, comment.Trim(), now);
        var revoked = await RevokeAllAsync(db, device.Id, reason, actor.Name, now, cancellationToken);
        await audit.SaveWithAuditAsync(db, [
            new AuditRecord(actor.Name, AuditActions.DeviceStateChanged, AuditTargets.Device, device.SerialNumber,
                JsonSerializer.Serialize(new { from = change.From.ToString(), to = change.To.ToString(), reason = change.Reason })),
            .. revoked.Select(c => new AuditRecord(actor.Name, AuditActions.CertificateRevoked, AuditTargets.Device, device.SerialNumber,
                JsonSerializer.Serialize(new { certificateSerial = c.SerialNumber, c.Fingerprint, reason = reason.ToString() }))),
        ], cancellationToken);
        notifier.Publish([new DeviceChanged(device.Id, device.SerialNumber, DeviceChangeKind.StateChanged)]);
    }

    /// <summary>Marks every unrevoked certificate of the device revoked (the caller saves). Returns them.</summary>
    public static async Task<IReadOnlyList<IssuedCertificate>> RevokeAllAsync(IDeviceTrustDbContext db, Guid deviceId, CertificateRevocationReason reason, string by,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var live = await db.IssuedCertificates.Where(c => c.DeviceId == deviceId && c.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var certificate in live) certificate.Revoke(reason, by, now);
        return live;
    }

    /// <summary>The issuing CA's CRL (DER), listing every revoked certificate that has not yet expired (RFC 5280 3.3).</summary>
    public async Task<byte[]> CurrentCrlAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var now = time.GetUtcNow();
        var revoked = await db.IssuedCertificates.AsNoTracking().Where(c => c.RevokedAt != null && c.Kind == IssuedCertificateKind.Ldevid)
            .Select(c => new { c.SerialNumber, c.RevokedAt, c.RevocationReason, c.NotAfter }).ToListAsync(cancellationToken);
        return pki.BuildCrl(revoked.Where(c => c.NotAfter > now)
            .Select(c => new RevokedCertificate(c.SerialNumber, c.RevokedAt!.Value, (RevocationReason)(int)(c.RevocationReason ?? CertificateRevocationReason.Unspecified))));
    }
}
