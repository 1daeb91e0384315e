using System.Security.Cryptography;
using DeviceTrust.Domain.Common;

namespace DeviceTrust.Domain.Attestation;

/// <summary>Where an attestation key's binding to its device comes from.</summary>
public enum AttestationKeyOrigin
{
    /// <summary>An endorsement certificate from the manufacturer's attestation endorsement CA names the device's serial.</summary>
    Endorsed = 0,
    /// <summary>A security officer registered the key for the device directly.</summary>
    Registered = 1,
}

public enum AttestationKeyStatus
{
    Active = 0,
    /// <summary>No longer accepted; kept so past appraisals still name the key they checked.</summary>
    Retired = 1,
}

/// <summary>
/// A public key whose signatures count as a device's attestation evidence (RFC 9334 §3.2: the attester's key, endorsed
/// or registered). Never the device's IDevID or LDevID key. Evidence names it by <see cref="KeyId"/>, the SHA-256 of its
/// DER SubjectPublicKeyInfo (docs/eat-profile.md).
/// </summary>
public sealed class AttestationKey : AggregateRoot
{
    /// <summary>A P-256 SubjectPublicKeyInfo is 91 bytes; anything this long is not a key this domain uses.</summary>
    private const int MaxKeyLength = 1024;

    private AttestationKey(Guid id, Guid deviceId, byte[] keyId, byte[] subjectPublicKeyInfo, AttestationKeyOrigin origin,
        byte[]? endorsementCertificate, DateTimeOffset addedAt, string addedBy)
    {
        Id = id;
        DeviceId = deviceId;
        KeyId = keyId;
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
        Origin = origin;
        EndorsementCertificate = endorsementCertificate;
        AddedAt = addedAt;
        AddedBy = addedBy;
    }

    public Guid Id { get; private set; }
    public Guid DeviceId { get; private set; }

    /// <summary>SHA-256 of <see cref="SubjectPublicKeyInfo"/>: the <c>kid</c> of the device's evidence.</summary>
    public byte[] KeyId { get; private set; }

    /// <summary>The key, DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7).</summary>
    public byte[] SubjectPublicKeyInfo { get; private set; }

    public AttestationKeyOrigin Origin { get; private set; }

    /// <summary>The DER certificate that endorses the key (<see cref="AttestationKeyOrigin.Endorsed"/> only).</summary>
    public byte[]? EndorsementCertificate { get; private set; }

    public AttestationKeyStatus Status { get; private set; }
    public DateTimeOffset AddedAt { get; private set; }
    public string AddedBy { get; private set; }
    public DateTimeOffset? RetiredAt { get; private set; }
    public string? RetiredBy { get; private set; }
    public string? RetirementReason { get; private set; }

    public bool IsActive => Status == AttestationKeyStatus.Active;

    /// <summary>The key of an endorsement certificate the caller has checked against an active AttestationEndorsement anchor.</summary>
    public static AttestationKey Endorsed(Guid deviceId, string serialNumber, byte[] subjectPublicKeyInfo, byte[] endorsementCertificate, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(endorsementCertificate);
        if (endorsementCertificate.Length == 0) throw new DomainException("An endorsed attestation key needs its endorsement certificate.");
        return Create(deviceId, serialNumber, subjectPublicKeyInfo, AttestationKeyOrigin.Endorsed, endorsementCertificate.ToArray(), by, now);
    }

    /// <summary>A key a security officer registers for the device (the caller checks the role).</summary>
    public static AttestationKey Registered(Guid deviceId, string serialNumber, byte[] subjectPublicKeyInfo, string by, DateTimeOffset now) =>
        Create(deviceId, serialNumber, subjectPublicKeyInfo, AttestationKeyOrigin.Registered, null, by, now);

    private static AttestationKey Create(Guid deviceId, string serialNumber, byte[] subjectPublicKeyInfo, AttestationKeyOrigin origin,
        byte[]? endorsementCertificate, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subjectPublicKeyInfo);
        if (deviceId == Guid.Empty) throw new DomainException("An attestation key belongs to a device.");
        if (subjectPublicKeyInfo.Length is 0 or > MaxKeyLength) throw new DomainException("An attestation key needs a DER SubjectPublicKeyInfo.");
        if (string.IsNullOrWhiteSpace(by)) throw new DomainException("Adding an attestation key names who added it.");
        var spki = subjectPublicKeyInfo.ToArray();
        var key = new AttestationKey(Guid.CreateVersion7(now), deviceId, KeyIdOf(spki), spki, origin, endorsementCertificate, now, by);
        key.AddDomainEvent(new AttestationKeyAdded(key.Id, deviceId, serialNumber, Convert.ToHexStringLower(key.KeyId), origin, by));
        return key;
    }

    /// <summary>The <c>kid</c> of evidence signed with this key: SHA-256 of its DER SubjectPublicKeyInfo.</summary>
    public static byte[] KeyIdOf(ReadOnlySpan<byte> subjectPublicKeyInfo) => SHA256.HashData(subjectPublicKeyInfo);

    /// <summary>Stops accepting the key. Retiring twice is refused, so the audit trail records one retirement.</summary>
    public void Retire(string serialNumber, string reason, string by, DateTimeOffset now)
    {
        if (!IsActive) throw new DomainException("The attestation key is already retired.");
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500) throw new DomainException("Retiring an attestation key needs a reason of 1-500 characters.");
        if (string.IsNullOrWhiteSpace(by)) throw new DomainException("Retiring an attestation key names who retired it.");
        Status = AttestationKeyStatus.Retired;
        RetiredAt = now;
        RetiredBy = by;
        RetirementReason = reason.Trim();
        AddDomainEvent(new AttestationKeyRetired(Id, DeviceId, serialNumber, Convert.ToHexStringLower(KeyId), RetirementReason, by));
    }
}
