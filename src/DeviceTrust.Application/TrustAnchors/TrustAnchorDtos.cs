using DeviceTrust.Domain.Trust;

namespace DeviceTrust.Application.TrustAnchors;

public sealed record TrustAnchorSummary(
    Guid Id, string Name, TrustAnchorPurpose Purpose, KeyMaterialFormat Format, string Subject, string Fingerprint,
    DateTimeOffset? NotBefore, DateTimeOffset? NotAfter, IReadOnlyList<Guid> DeviceClassIds, Guid OwnerId, string Owner,
    TrustAnchorStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt, string? RetirementReason);

public sealed record ProvisioningAuthoritySummary(Guid Id, string Name, string Description, IReadOnlyList<TpaGrant> Grants);

/// <param name="Material">The uploaded certificate or public key, PEM or DER.</param>
/// <param name="DeviceClassIds">The classes the anchor covers; empty for every class.</param>
public sealed record AddTrustAnchorRequest(string Name, TrustAnchorPurpose Purpose, Guid OwnerId, IReadOnlyList<Guid> DeviceClassIds, byte[] Material);
