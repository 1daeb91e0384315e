using DeviceTrust.Domain.Common;

namespace DeviceTrust.Domain.Provisioning;

public enum IssuedCertificateKind
{
    /// <summary>A domain certificate issued over EST (IEEE 802.1AR LDevID).</summary>
    Ldevid = 0,
    /// <summary>A DEV-ONLY IDevID minted from a simulated manufacturer's CA for testing.</summary>
    DevelopmentIdevid = 1,
}

/// <summary>CRLReason values (RFC 5280 5.3.1) an operator may give.</summary>
public enum CertificateRevocationReason
{
    Unspecified = 0,
    KeyCompromise = 1,
    AffiliationChanged = 3,
    Superseded = 4,
    CessationOfOperation = 5,
    PrivilegeWithdrawn = 9,
}

/// <summary>
/// A certificate this system issued, recorded so it can be listed, found by fingerprint when a device presents it,
/// and revoked (it is then on the CRL until it expires).
/// </summary>
public sealed class IssuedCertificate : AggregateRoot
{
    private IssuedCertificate()
    {
        DeviceSerialNumber = SerialNumber = Subject = Issuer = Fingerprint = IssuedVia = "";
        CertificateDer = [];
    }

    public Guid Id { get; private set; }
    public Guid? DeviceId { get; private set; }
    public string DeviceSerialNumber { get; private set; }
    public IssuedCertificateKind Kind { get; private set; }

    /// <summary>The certificate's serial number, big-endian uppercase hex.</summary>
    public string SerialNumber { get; private set; }
    public string Subject { get; private set; }
    public string Issuer { get; private set; }
    /// <summary>SHA-256 of the DER, lowercase hex.</summary>
    public string Fingerprint { get; private set; }
    public DateTimeOffset NotBefore { get; private set; }
    public DateTimeOffset NotAfter { get; private set; }
    public byte[] CertificateDer { get; private set; }
    public DateTimeOffset IssuedAt { get; private set; }
    /// <summary>How it was issued: simpleenroll, simplereenroll, serverkeygen or dev-mint.</summary>
    public string IssuedVia { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }
    public CertificateRevocationReason? RevocationReason { get; private set; }
    public string? RevokedBy { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    public bool IsCurrent(DateTimeOffset now) => !IsRevoked && NotBefore <= now && now < NotAfter;

    /// <param name="authenticatedBy">What the requester proved itself with ("idevid", "ldevid"), for the audit trail.</param>
    public static IssuedCertificate Record(IssuedCertificateKind kind, Guid? deviceId, string deviceSerialNumber, IssuedCertificateDetails details,
        string issuedVia, string? authenticatedBy, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (details.CertificateDer is not { Length: > 0 }) throw new DomainException("An issued certificate record needs the certificate.");
        if (string.IsNullOrWhiteSpace(details.SerialNumber) || !details.SerialNumber.All(char.IsAsciiHexDigit))
            throw new DomainException("A certificate serial number is hexadecimal.");
        if (details.NotAfter <= details.NotBefore) throw new DomainException("A certificate's validity ends after it starts.");
        var certificate = new IssuedCertificate
        {
            Id = Guid.CreateVersion7(now), Kind = kind, DeviceId = deviceId, DeviceSerialNumber = Devices.SerialNumber.Validate(deviceSerialNumber),
            SerialNumber = details.SerialNumber.ToUpperInvariant(), Subject = details.Subject, Issuer = details.Issuer, Fingerprint = details.Fingerprint,
            NotBefore = details.NotBefore, NotAfter = details.NotAfter, CertificateDer = details.CertificateDer, IssuedAt = now, IssuedVia = issuedVia,
        };
        certificate.AddDomainEvent(new CertificateIssued(certificate.Id, deviceId, certificate.DeviceSerialNumber, kind, certificate.SerialNumber,
            certificate.Fingerprint, certificate.NotAfter, issuedVia, authenticatedBy, by));
        return certificate;
    }

    public void Revoke(CertificateRevocationReason reason, string by, DateTimeOffset now)
    {
        if (IsRevoked) throw new DomainException($"Certificate {SerialNumber} is already revoked.");
        if (!Enum.IsDefined(reason)) throw new DomainException("Unknown revocation reason.");
        if (string.IsNullOrWhiteSpace(by)) throw new DomainException("A revocation names who revoked.");
        RevokedAt = now;
        RevocationReason = reason;
        RevokedBy = by;
        AddDomainEvent(new CertificateRevoked(Id, DeviceId, DeviceSerialNumber, SerialNumber, Fingerprint, reason, by));
    }
}

/// <summary>What the record keeps of a certificate, read by the caller (the domain parses no X.509).</summary>
public sealed record IssuedCertificateDetails(
    string SerialNumber, string Subject, string Issuer, string Fingerprint, DateTimeOffset NotBefore, DateTimeOffset NotAfter, byte[] CertificateDer);
