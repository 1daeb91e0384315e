using DeviceTrust.Domain.Common;

namespace DeviceTrust.Domain.Attestation;

/// <summary>An attestation key was bound to a device (endorsed by its manufacturer, or registered by a security officer).</summary>
public sealed record AttestationKeyAdded(Guid KeyId, Guid DeviceId, string SerialNumber, string KeyIdHex, AttestationKeyOrigin Origin, string By) : IDomainEvent;

/// <summary>An attestation key is no longer accepted for its device.</summary>
public sealed record AttestationKeyRetired(Guid KeyId, Guid DeviceId, string SerialNumber, string KeyIdHex, string Reason, string By) : IDomainEvent;

/// <summary>A reference value now applies to a class's firmware version.</summary>
public sealed record ReferenceValueAdded(Guid ReferenceValueId, string DeviceClass, string FirmwareVersion, string Component, DigestAlgorithm Algorithm,
    string DigestHex, string By) : IDomainEvent;

/// <summary>A reference value no longer applies.</summary>
public sealed record ReferenceValueRemoved(Guid ReferenceValueId, string DeviceClass, string FirmwareVersion, string Component, string By) : IDomainEvent;

/// <summary>A device's evidence was appraised (the verdict; the details are in the appraisal).</summary>
public sealed record DeviceAttested(Guid AppraisalId, Guid DeviceId, string SerialNumber, AttestationVerdict Verdict, string By) : IDomainEvent;
