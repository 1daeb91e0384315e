namespace DeviceTrust.Domain.Trust;

/// <summary>
/// A Trusted Provisioning Authority: a party (a manufacturer, the owner's PKI team, a firmware vendor) that may add,
/// update or remove trust anchors within its grants. Every anchor has one owning TPA.
/// </summary>
public sealed class ProvisioningAuthority : Common.AggregateRoot
{
    private readonly List<TpaGrant> _grants = [];

    private ProvisioningAuthority(Guid id, string name, string description)
    {
        Id = id;
        Name = name;
        Description = description;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public string Description { get; private set; }
    public IReadOnlyList<TpaGrant> Grants => _grants;

    public static ProvisioningAuthority Create(Guid id, string name, string? description, string actor)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100) throw new DomainException("A TPA needs a name of 1-100 characters.");
        var tpa = new ProvisioningAuthority(id, name.Trim(), description?.Trim() ?? "");
        tpa.AddDomainEvent(new TpaCreated(id, tpa.Name, actor));
        return tpa;
    }

    public void Grant(TpaGrant grant, string actor)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.Rights == TrustAnchorRights.None) throw new DomainException("A grant gives at least one right.");
        if (grant.DeviceClassIds.Distinct().Count() != grant.DeviceClassIds.Count) throw new DomainException("A grant lists each device class once.");
        // One grant per purpose and scope: a second one for the same scope replaces the first.
        _grants.RemoveAll(g => g.Purpose == grant.Purpose && SameScope(g, grant));
        var granted = grant with { DeviceClassIds = [.. grant.DeviceClassIds.Order()] };
        _grants.Add(granted);
        AddDomainEvent(new TpaGranted(Id, Name, granted, actor));
    }

    public void RevokeGrant(TrustAnchorPurpose purpose, IReadOnlyCollection<Guid> deviceClassIds, string actor)
    {
        if (_grants.RemoveAll(g => g.Purpose == purpose && g.DeviceClassIds.Order().SequenceEqual(deviceClassIds.Order())) == 0)
            throw new DomainException($"{Name} holds no such grant for {purpose}.");
        AddDomainEvent(new TpaGrantRevoked(Id, Name, purpose, [.. deviceClassIds.Order()], actor));
    }

    public bool Allows(TrustAnchorRights right, TrustAnchorPurpose purpose, IReadOnlyCollection<Guid> anchorClasses) =>
        _grants.Any(g => g.Allows(right, purpose, anchorClasses));

    private static bool SameScope(TpaGrant a, TpaGrant b) => a.DeviceClassIds.Order().SequenceEqual(b.DeviceClassIds.Order());
}
