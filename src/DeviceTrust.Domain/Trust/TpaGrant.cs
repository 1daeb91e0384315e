namespace DeviceTrust.Domain.Trust;

/// <summary>
/// Rights a Trusted Provisioning Authority holds over anchors of one purpose, for some device classes (none listed:
/// every class). This is the delegation RFC 9019 3 describes for the SUIT architecture's TPA.
/// </summary>
public sealed record TpaGrant(TrustAnchorRights Rights, TrustAnchorPurpose Purpose, IReadOnlyList<Guid> DeviceClassIds)
{
    public bool CoversAllClasses => DeviceClassIds.Count == 0;

    /// <summary>True when this grant gives <paramref name="right"/> over an anchor of that purpose and scope.</summary>
    public bool Allows(TrustAnchorRights right, TrustAnchorPurpose purpose, IReadOnlyCollection<Guid> anchorClasses) =>
        Rights.HasFlag(right) && Purpose == purpose
        // An anchor for every class needs a grant for every class; otherwise each of its classes must be granted.
        && (CoversAllClasses || (anchorClasses.Count > 0 && anchorClasses.All(DeviceClassIds.Contains)));
}
