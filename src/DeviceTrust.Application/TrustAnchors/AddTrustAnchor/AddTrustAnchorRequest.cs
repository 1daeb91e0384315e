using DeviceTrust.Domain.Trust;

namespace DeviceTrust.Application.TrustAnchors.AddTrustAnchor;

/// <param name="Material">The uploaded certificate or public key, PEM or DER.</param>
/// <param name="DeviceClassIds">The classes the anchor covers; empty for every class.</param>
public sealed record AddTrustAnchorRequest(string Name, TrustAnchorPurpose Purpose, Guid OwnerId, IReadOnlyList<Guid> DeviceClassIds, byte[] Material);
