using DeviceTrust.Domain.Common;

namespace DeviceTrust.Domain.Trust;

/// <summary>A key became trusted for a purpose.</summary>
public sealed record TrustAnchorAdded(Guid AnchorId, string Name, TrustAnchorPurpose Purpose, string Owner, string Fingerprint, string By) : IDomainEvent;

/// <summary>An anchor now covers other device classes (none listed: every class).</summary>
public sealed record TrustAnchorScopeChanged(Guid AnchorId, string Name, IReadOnlyList<Guid> DeviceClassIds, string By) : IDomainEvent;

/// <summary>An anchor is no longer trusted anywhere.</summary>
public sealed record TrustAnchorRetired(Guid AnchorId, string Name, string Reason, string By) : IDomainEvent;

/// <summary>A Trusted Provisioning Authority was created, with no grants yet.</summary>
public sealed record TpaCreated(Guid TpaId, string Name, string By) : IDomainEvent;

/// <summary>A TPA was given rights over anchors of a purpose (replacing a grant of the same purpose and scope).</summary>
public sealed record TpaGranted(Guid TpaId, string Name, TpaGrant Grant, string By) : IDomainEvent;

/// <summary>A TPA lost a grant.</summary>
public sealed record TpaGrantRevoked(Guid TpaId, string Name, TrustAnchorPurpose Purpose, IReadOnlyList<Guid> DeviceClassIds, string By) : IDomainEvent;
