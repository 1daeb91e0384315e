using DeviceTrust.Domain.Common;

namespace DeviceTrust.Domain.Provisioning;

/// <summary>A certificate was issued and recorded.</summary>
public sealed record CertificateIssued(
    Guid CertificateId, Guid? DeviceId, string DeviceSerialNumber, IssuedCertificateKind Kind, string CertificateSerial, string Fingerprint,
    DateTimeOffset NotAfter, string Via, string? AuthenticatedBy, string By) : IDomainEvent;

/// <summary>A certificate went on the CRL.</summary>
public sealed record CertificateRevoked(
    Guid CertificateId, Guid? DeviceId, string DeviceSerialNumber, string CertificateSerial, string Fingerprint, CertificateRevocationReason Reason,
    string By) : IDomainEvent;
