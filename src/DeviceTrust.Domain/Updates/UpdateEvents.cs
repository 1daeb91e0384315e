using DeviceTrust.Domain.Common;

namespace DeviceTrust.Domain.Updates;

/// <summary>A signed release entered the catalog.</summary>
public sealed record FirmwareReleasePublished(Guid ReleaseId, string DeviceClass, string Version, long SequenceNumber, string ManifestDigestHex,
    FirmwareReleaseOrigin Origin, string Signer, IReadOnlyList<string> Images, string By) : IDomainEvent;

/// <summary>A release is no longer offered to rollouts.</summary>
public sealed record FirmwareReleaseWithdrawn(Guid ReleaseId, string DeviceClass, string Version, long SequenceNumber, string Reason, string By) : IDomainEvent;
