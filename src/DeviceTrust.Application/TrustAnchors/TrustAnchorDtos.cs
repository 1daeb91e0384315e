using DeviceTrust.Domain.Trust;

namespace DeviceTrust.Application.TrustAnchors;

public sealed record TrustAnchorSummary(
    Guid Id, string Name, TrustAnchorPurpose Purpose, KeyMaterialFormat Format, string Subject, string Fingerprint,
    DateTimeOffset? NotBefore, DateTimeOffset? NotAfter, IReadOnlyList<Guid> DeviceClassIds, Guid OwnerId, string Owner,
    TrustAnchorStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt, string? RetirementReason)
{
    internal static TrustAnchorSummary From(TrustAnchor a, string owner) => new(
        a.Id, a.Name, a.Purpose, a.Material.Format, a.Material.Subject, a.Material.Fingerprint, a.Material.NotBefore, a.Material.NotAfter,
        a.DeviceClassIds, a.OwnerId, owner, a.Status, a.CreatedAt, a.RetiredAt, a.RetirementReason);
}

public sealed record ProvisioningAuthoritySummary(Guid Id, string Name, string Description, IReadOnlyList<TpaGrant> Grants)
{
    internal static ProvisioningAuthoritySummary From(ProvisioningAuthority p) => new(p.Id, p.Name, p.Description, p.Grants.ToList());
}
