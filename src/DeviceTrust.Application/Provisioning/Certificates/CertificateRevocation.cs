using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Enrollment.Pki;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Provisioning.Certificates;

/// <summary>
/// Revocation: the device becomes Revoked and, with it (<see cref="RevokeCertificatesOfRevokedDevice"/>), its certificates go
/// on the CRL with the reason given, in one transaction.
/// </summary>
public sealed class CertificateRevocation(IDeviceTrustDbContextFactory dbFactory, DomainPki pki, AuditTrail audit, TimeProvider time)
{
    public const int MaxReasonLength = 500;

    public async Task RevokeDeviceAsync(Guid deviceId, CertificateRevocationReason reason, string comment, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.Operator);
        if (!Enum.IsDefined(reason)) throw RequestValidationException.For("reason", "Unknown revocation reason.");
        if (string.IsNullOrWhiteSpace(comment) || comment.Trim().Length > MaxReasonLength)
            throw RequestValidationException.For("comment", $"Say why, in 1-{MaxReasonLength} characters.");
        // Revoking is meant whatever the device did meanwhile; one already revoked is refused by the lifecycle (409).
        await Concurrency.RetryAsync($"Device {deviceId}", async () =>
        {
            await using var db = await dbFactory.CreateAsync(cancellationToken);
            var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken) ?? throw new NotFoundException($"Device {deviceId}");
            device.Revoke(reason, comment, actor.Name, time.GetUtcNow());
            await audit.SaveAsync(db, cancellationToken);
        });
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
