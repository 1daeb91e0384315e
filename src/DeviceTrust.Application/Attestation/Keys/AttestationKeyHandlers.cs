using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Attestation;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Attestation.Keys;

/// <summary>
/// A security officer binds an attestation public key to a device directly (the alternative to a manufacturer's
/// endorsement certificate). Refused: a device that is gone, a key bound to any device already, and the device's own
/// IDevID or LDevID key (an attestation key is a key of its own). Audited in the same transaction.
/// </summary>
public sealed class RegisterAttestationKeyHandler(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time)
{
    public async Task<AttestationKeySummary> HandleAsync(Actor actor, Guid deviceId, byte[] material, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.SecurityOfficer);
        var spki = AttestationKeyMaterial.ReadPublicKey(material);
        var kid = AttestationKey.KeyIdOf(spki);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken) ?? throw new NotFoundException($"Device {deviceId}");
        if (!device.CanConnect) throw new ConflictException($"Device {device.SerialNumber} is {device.State}: it attests no more.");
        if (await db.AttestationKeys.AnyAsync(k => k.KeyId == kid && k.Status == AttestationKeyStatus.Active, cancellationToken))
            throw new ConflictException("This key is already an active attestation key (a key belongs to one device).");
        var certificates = await db.IssuedCertificates.AsNoTracking().Where(c => c.DeviceId == deviceId).Select(c => c.CertificateDer).ToListAsync(cancellationToken);
        if (certificates.Any(der => SameKey(der, spki)))
            throw RequestValidationException.For("material", $"This is a key of {device.SerialNumber}'s own certificates; an attestation key must be a key of its own.");

        var key = AttestationKey.Registered(device.Id, device.SerialNumber, spki, actor.Name, time.GetUtcNow());
        db.AttestationKeys.Add(key);
        await audit.SaveAsync(db, cancellationToken);
        return AttestationKeySummary.From(key);
    }

    private static bool SameKey(byte[] certificateDer, byte[] spki)
    {
        try
        {
            using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificateDer);
            return certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(spki);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}

/// <summary>A security officer stops accepting an attestation key. Audited in the same transaction.</summary>
public sealed class RetireAttestationKeyHandler(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time)
{
    public async Task HandleAsync(Actor actor, Guid deviceId, Guid keyId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.SecurityOfficer);
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500) throw RequestValidationException.For("reason", "Give a reason of 1-500 characters.");
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var key = await db.AttestationKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.DeviceId == deviceId, cancellationToken)
                  ?? throw new NotFoundException($"Attestation key {keyId} of device {deviceId}");
        if (!key.IsActive) throw new ConflictException($"Attestation key {keyId} was retired at {key.RetiredAt:u} by {key.RetiredBy}.");
        var serial = await db.Devices.Where(d => d.Id == deviceId).Select(d => d.SerialNumber).FirstAsync(cancellationToken);
        key.Retire(serial, reason, actor.Name, time.GetUtcNow());
        await audit.SaveAsync(db, cancellationToken);
    }
}

/// <summary>A device's attestation keys, newest first: the read side, for every signed-in role.</summary>
public sealed class AttestationKeyQueries(IDeviceTrustDbContextFactory dbFactory)
{
    public async Task<IReadOnlyList<AttestationKeySummary>> ListAsync(Guid deviceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        if (!await db.Devices.AnyAsync(d => d.Id == deviceId, cancellationToken)) throw new NotFoundException($"Device {deviceId}");
        var keys = await db.AttestationKeys.AsNoTracking().Where(k => k.DeviceId == deviceId).ToListAsync(cancellationToken);
        return keys.OrderByDescending(k => k.AddedAt).Select(AttestationKeySummary.From).ToList();
    }
}
