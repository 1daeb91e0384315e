namespace DeviceTrust.Domain.Fleet;

public sealed class Manufacturer
{
    private Manufacturer(Guid id, string name)
    {
        Id = id;
        Name = name;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }

    public static Manufacturer Create(Guid id, string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100) throw new DomainException("A manufacturer needs a name of 1-100 characters.");
        return new Manufacturer(id, name.Trim());
    }
}
