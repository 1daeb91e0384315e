namespace DeviceTrust.Domain.Updates;

/// <summary>
/// An image's bytes, stored once by their SHA-256 digest whichever releases name it, and served to devices by that
/// digest. Immutable: the digest is the identity, so an image is never changed, only added.
/// </summary>
public sealed class FirmwareImage
{
    private FirmwareImage()
    {
        DigestHex = "";
        Content = [];
        StoredBy = "";
    }

    /// <summary>SHA-256 of <see cref="Content"/>, lowercase hex: the key devices fetch it by.</summary>
    public string DigestHex { get; private set; }
    public long Size { get; private set; }
    public byte[] Content { get; private set; }
    public DateTimeOffset StoredAt { get; private set; }
    public string StoredBy { get; private set; }

    public static FirmwareImage Store(byte[] content, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length == 0) throw new DomainException("An image has content.");
        if (string.IsNullOrWhiteSpace(by)) throw new DomainException("Storing an image names who stored it.");
        return new FirmwareImage
        {
            DigestHex = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), Size = content.Length, Content = content.ToArray(),
            StoredAt = now, StoredBy = by,
        };
    }
}
