namespace DeviceTrust.Domain.Trust;

/// <summary>
/// Who is changing a trust anchor: a security officer (every right, by role) or a Trusted Provisioning Authority
/// (only its grants, and only over anchors it owns).
/// </summary>
public abstract record AnchorAuthority
{
    public static readonly AnchorAuthority SecurityOfficer = new Officer();

    public static AnchorAuthority Of(ProvisioningAuthority tpa) => new Tpa(tpa ?? throw new ArgumentNullException(nameof(tpa)));

    /// <summary>Why <paramref name="right"/> is refused over an anchor of that owner, purpose and scope; null when allowed.</summary>
    public abstract string? Refusal(TrustAnchorRights right, Guid ownerId, TrustAnchorPurpose purpose, IReadOnlyCollection<Guid> scope);

    private sealed record Officer : AnchorAuthority
    {
        public override string? Refusal(TrustAnchorRights right, Guid ownerId, TrustAnchorPurpose purpose, IReadOnlyCollection<Guid> scope) => null;
    }

    private sealed record Tpa(ProvisioningAuthority Authority) : AnchorAuthority
    {
        public override string? Refusal(TrustAnchorRights right, Guid ownerId, TrustAnchorPurpose purpose, IReadOnlyCollection<Guid> scope) =>
            Authority.Id != ownerId ? $"{Authority.Name} does not own this anchor."
            : !Authority.Allows(right, purpose, scope) ? $"{Authority.Name} holds no {right} right over {purpose} anchors for these device classes."
            : null;
    }
}
