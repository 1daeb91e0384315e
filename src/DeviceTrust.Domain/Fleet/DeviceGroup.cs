namespace DeviceTrust.Domain.Fleet;

/// <summary>A named set of devices (a site, a customer, a line) that rollouts and filters can target.</summary>
public sealed class DeviceGroup
{
    private DeviceGroup(Guid id, string name, string description)
    {
        Id = id;
        Name = name;
        Description = description;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public string Description { get; private set; }

    public static DeviceGroup Create(Guid id, string name, string? description)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100) throw new DomainException("A device group needs a name of 1-100 characters.");
        return new DeviceGroup(id, name.Trim(), description?.Trim() ?? "");
    }
}
