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

    /// <summary>
    /// The manufacturer's own verifier, which checks the MACed evidence of its VendorVerified classes and answers with a
    /// signed attestation result (EAR). Without it, a simulated manufacturer's embedded DEV-ONLY verifier answers.
    /// </summary>
    public Uri? VerifierUrl { get; private set; }

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

    public void PointAtVerifier(Uri? verifierUrl)
    {
        if (verifierUrl is not null && (!verifierUrl.IsAbsoluteUri || verifierUrl.Scheme != Uri.UriSchemeHttps))
            throw new DomainException("A verifier URL is an absolute https:// URL: evidence and results travel over TLS.");
        VerifierUrl = verifierUrl;
    }
}
