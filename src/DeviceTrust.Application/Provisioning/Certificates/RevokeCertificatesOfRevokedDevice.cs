using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Provisioning.Certificates;

/// <summary>
/// The one place of the rule "a Revoked device holds no live certificate": however a device is revoked (the Revoke
/// action, a state change, later an attestation policy), every unrevoked certificate issued to it goes on the CRL in the
/// same transaction, each audited as revoked.
/// </summary>
public sealed class RevokeCertificatesOfRevokedDevice(TimeProvider time) : DomainEventHandler<DeviceRevoked>
{
    protected override async Task HandleAsync(IDeviceTrustDbContext db, DeviceRevoked domainEvent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var live = await db.IssuedCertificates.Where(c => c.DeviceId == domainEvent.DeviceId && c.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var certificate in live) certificate.Revoke(domainEvent.CertificateReason, domainEvent.By, now);
    }
}
