using DeviceTrust.Domain.Attestation;

namespace DeviceTrust.Domain.Updates;

/// <summary>
/// One image a release installs: the component it goes to (its SUIT component identifier, and the name evidence and
/// reference values use for it), its SHA-256 digest and its size.
/// </summary>
public sealed record ReleaseImage
{
    public const int MaxComponentLength = 64;

    public ReleaseImage(string component, string componentIdHex, byte[] digest, long size)
    {
        ArgumentNullException.ThrowIfNull(digest);
        if (string.IsNullOrWhiteSpace(component) || component.Length > MaxComponentLength)
            throw new DomainException($"An image's component needs a name of 1-{MaxComponentLength} characters.");
        if (digest.Length != DigestAlgorithm.Sha256.Length()) throw new DomainException("An image's digest is a SHA-256 digest.");
        if (size < 0) throw new DomainException("An image's size is not negative.");
        Component = component;
        ComponentIdHex = componentIdHex ?? "";
        Digest = digest.ToArray();
        Size = size;
    }

    public string Component { get; private init; }
    /// <summary>The SUIT_Component_Identifier ([* bstr]) as encoded CBOR, hex.</summary>
    public string ComponentIdHex { get; private init; }
    public byte[] Digest { get; private init; }
    public long Size { get; private init; }

    public string DigestHex => Convert.ToHexStringLower(Digest);
}
