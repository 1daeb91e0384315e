namespace DeviceTrust.Domain.Trust;

/// <summary>
/// Key material as the application parsed it: the encoded bytes, their SHA-256 fingerprint, a subject to show, and the
/// validity a certificate carries (bare keys have none).
/// </summary>
public sealed record AnchorMaterial
{
    public AnchorMaterial(KeyMaterialFormat format, byte[] encoded, string fingerprint, string subject, DateTimeOffset? notBefore, DateTimeOffset? notAfter)
    {
        if (encoded is not { Length: > 0 }) throw new DomainException("Key material cannot be empty.");
        if (fingerprint is not { Length: 64 } || !fingerprint.All(char.IsAsciiHexDigitLower))
            throw new DomainException("A fingerprint is the lowercase hex SHA-256 of the material.");
        if (string.IsNullOrWhiteSpace(subject)) throw new DomainException("Key material needs a subject to show.");
        if (notBefore is not null && notAfter is not null && notAfter <= notBefore) throw new DomainException("The validity ends before it starts.");
        Format = format;
        Encoded = encoded;
        Fingerprint = fingerprint;
        Subject = subject;
        NotBefore = notBefore;
        NotAfter = notAfter;
    }

    public KeyMaterialFormat Format { get; }
    public byte[] Encoded { get; }
    public string Fingerprint { get; }
    public string Subject { get; }
    public DateTimeOffset? NotBefore { get; }
    public DateTimeOffset? NotAfter { get; }
}
