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

    /// <summary>
    /// The manufacturer's own MASA (RFC 8995 2.5.4), when it runs one. Without it, the manufacturer is simulated and the
    /// embedded DEV-ONLY MASA answers for it.
    /// </summary>
    public Uri? MasaUrl { get; private set; }

    public static Manufacturer Create(Guid id, string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100) throw new DomainException("A manufacturer needs a name of 1-100 characters.");
        return new Manufacturer(id, name.Trim());
    }

    public void PointAtMasa(Uri? masaUrl)
    {
        if (masaUrl is not null && (!masaUrl.IsAbsoluteUri || masaUrl.Scheme != Uri.UriSchemeHttps))
            throw new DomainException("A MASA URL is an absolute https:// URL (RFC 8995 2.8).");
        MasaUrl = masaUrl;
    }
}
