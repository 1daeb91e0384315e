namespace DeviceTrust.Domain.Trust;

public enum TrustAnchorStatus
{
    Active = 0,
    /// <summary>Removed from use everywhere; kept so history (audit, past verifications) can still name it.</summary>
    Retired = 1,
}

/// <summary>
/// A key the system trusts, for one purpose, for some device classes (none listed: every class), owned by a
/// Trusted Provisioning Authority. Verifiers ask <see cref="IsTrustedFor"/>, so retiring an anchor takes effect
/// everywhere at once.
/// </summary>
public sealed class TrustAnchor : Common.AggregateRoot
{
    private readonly List<Guid> _deviceClassIds = [];

    // For EF Core, which cannot pass an owned type to a constructor.
    private TrustAnchor()
    {
        Name = "";
        Material = null!;
    }

    private TrustAnchor(Guid id, string name, TrustAnchorPurpose purpose, AnchorMaterial material, Guid ownerId, DateTimeOffset createdAt)
    {
        Id = id;
        Name = name;
        Purpose = purpose;
        Material = material;
        OwnerId = ownerId;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public TrustAnchorPurpose Purpose { get; private set; }
    public AnchorMaterial Material { get; private set; }
    public Guid OwnerId { get; private set; }
    public IReadOnlyList<Guid> DeviceClassIds => _deviceClassIds;
    public TrustAnchorStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? RetiredAt { get; private set; }
    public string? RetirementReason { get; private set; }

    /// <summary>
    /// Adds an anchor owned by <paramref name="owner"/>. <paramref name="by"/> needs the Add right for its purpose and
    /// scope (a TPA adding for itself) or is a security officer; <paramref name="actor"/> is who acts, for the audit trail.
    /// </summary>
    public static TrustAnchor Add(string name, TrustAnchorPurpose purpose, AnchorMaterial material, IReadOnlyCollection<Guid> deviceClassIds,
        ProvisioningAuthority owner, AnchorAuthority by, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(material);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(by);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100) throw new DomainException("A trust anchor needs a name of 1-100 characters.");
        if (!Enum.IsDefined(purpose)) throw new DomainException("Unknown trust anchor purpose.");
        if (material.NotAfter is { } end && end <= now) throw new DomainException("The key material has already expired.");
        if (by.Refusal(TrustAnchorRights.Add, owner.Id, purpose, deviceClassIds) is { } refusal) throw new DomainException(refusal);
        var anchor = new TrustAnchor(Guid.CreateVersion7(now), name.Trim(), purpose, material, owner.Id, now);
        anchor._deviceClassIds.AddRange(deviceClassIds.Distinct().Order());
        anchor.AddDomainEvent(new TrustAnchorAdded(anchor.Id, anchor.Name, purpose, owner.Name, material.Fingerprint, actor));
        return anchor;
    }

    /// <summary>Changes which device classes the anchor covers; a TPA needs the Update right over the new scope.</summary>
    public void ChangeScope(IReadOnlyCollection<Guid> deviceClassIds, AnchorAuthority by, string actor)
    {
        EnsureActive();
        EnsureAllowed(by, TrustAnchorRights.Update, deviceClassIds);
        _deviceClassIds.Clear();
        _deviceClassIds.AddRange(deviceClassIds.Distinct().Order());
        AddDomainEvent(new TrustAnchorScopeChanged(Id, Name, [.. _deviceClassIds], actor));
    }

    public void Retire(string reason, AnchorAuthority by, string actor, DateTimeOffset now)
    {
        EnsureActive();
        EnsureAllowed(by, TrustAnchorRights.Remove, _deviceClassIds);
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("Retiring an anchor needs a reason.");
        Status = TrustAnchorStatus.Retired;
        RetiredAt = now;
        RetirementReason = reason.Trim();
        AddDomainEvent(new TrustAnchorRetired(Id, Name, RetirementReason, actor));
    }

    /// <summary>Whether a verifier may rely on this anchor for <paramref name="purpose"/> and a device of <paramref name="deviceClassId"/> now.</summary>
    public bool IsTrustedFor(TrustAnchorPurpose purpose, Guid deviceClassId, DateTimeOffset now) =>
        Status == TrustAnchorStatus.Active && Purpose == purpose
        && (_deviceClassIds.Count == 0 || _deviceClassIds.Contains(deviceClassId))
        && (Material.NotBefore is null || Material.NotBefore <= now)
        && (Material.NotAfter is null || now < Material.NotAfter);

    private void EnsureActive()
    {
        if (Status == TrustAnchorStatus.Retired) throw new DomainException($"Trust anchor {Name} is retired.");
    }

    private void EnsureAllowed(AnchorAuthority by, TrustAnchorRights right, IReadOnlyCollection<Guid> scope)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (by.Refusal(right, OwnerId, Purpose, scope) is { } refusal) throw new DomainException(refusal);
    }
}
