using DeviceTrust.Domain.Common;
using DeviceTrust.Domain.Provisioning;

namespace DeviceTrust.Domain.Devices;

/// <summary>A device was added to the inventory (it starts Manufactured).</summary>
public sealed record DeviceRegistered(Guid DeviceId, string SerialNumber, string DeviceClass, string? Group, string By) : IDomainEvent;

/// <summary>A device moved along its lifecycle (one event per move, whoever made it).</summary>
public sealed record DeviceStateChanged(Guid DeviceId, string SerialNumber, DeviceState From, DeviceState To, string Reason, string By) : IDomainEvent;

/// <summary>
/// A device was revoked. Raised beside its <see cref="DeviceStateChanged"/>; what must follow (every certificate of the
/// device on the CRL with <paramref name="CertificateReason"/>) is handled in the same transaction.
/// </summary>
public sealed record DeviceRevoked(Guid DeviceId, string SerialNumber, CertificateRevocationReason CertificateReason, string By) : IDomainEvent;
