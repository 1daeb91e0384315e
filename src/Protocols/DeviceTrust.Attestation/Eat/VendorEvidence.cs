using System.Formats.Cbor;
using DeviceTrust.Cose;

namespace DeviceTrust.Attestation.Eat;

/// <summary>
/// Evidence of a <c>VendorVerified</c> device class (docs/eat-profile.md): the claims-set of the DeviceTrust EAT profile,
/// MACed instead of signed. A tagged COSE_Mac0 (17, optionally inside 61) with alg HMAC 256/256 (5) protected and kid = the
/// id of the per-device secret the manufacturer embedded at the factory. Only the manufacturer holds the secrets: the
/// domain's verifier forwards this evidence to the manufacturer's verifier, which checks the tag, and appraises the claims
/// itself. The claims are not confidential (RFC 9052 §6: a MAC authenticates, it does not encrypt).
/// </summary>
public static class VendorEvidence
{
    /// <summary>The only MAC algorithm of the profile: HMAC with SHA-256, the full 32-byte tag (RFC 9053 §3.1).</summary>
    public const int Algorithm = CoseAlgorithms.HMAC256_256;

    /// <summary>The shortest secret: the output of SHA-256 (RFC 9053 §3.1, RFC 2104 §3).</summary>
    public const int MinSecretLength = 32;

    /// <summary>The longest secret id accepted (a kid is an opaque bstr; manufacturers use 16-byte ids).</summary>
    public const int MaxKeyIdLength = 64;

    /// <summary>MACs <paramref name="claims"/> as tagged COSE_Mac0 inside the CWT tag, kid = the secret's id, typ in the
    /// protected header.</summary>
    /// <exception cref="ArgumentException">The secret has no id, or is shorter than 32 bytes; the claims cannot be encoded.</exception>
    public static byte[] Build(EatClaimsSet claims, CoseSymmetricKey secret)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.KeyId is not { Length: > 0 and <= MaxKeyIdLength })
            throw new ArgumentException($"The secret needs an id of 1 to {MaxKeyIdLength} bytes: the evidence names it as kid.", nameof(secret));
        if (secret.Length < MinSecretLength)
            throw new ArgumentException($"HMAC 256/256 needs a secret of at least {MinSecretLength} bytes, the hash output (RFC 9053 §3.1); this one has {secret.Length}.",
                nameof(secret));
        return CoseMac0.Create(claims.Encode(), secret, Algorithm, new CoseMacOptions { CwtTag = true, Type = DeviceTrustEatProfile.MediaType });
    }

    /// <summary>
    /// Reads vendor evidence: a tagged COSE_Mac0 with alg HMAC 256/256 protected, a kid of 1 to <see cref="MaxKeyIdLength"/>
    /// bytes, typ absent or <see cref="DeviceTrustEatProfile.MediaType"/>, and a claims-set payload. The tag is checked by
    /// whoever holds the secret.
    /// </summary>
    /// <exception cref="AttestationFormatException">Anything malformed, or an envelope the profile does not allow.</exception>
    public static EatMacToken Read(ReadOnlySpan<byte> encoded)
    {
        var token = EatMacToken.Decode(encoded);
        const string where = EatMacToken.Where;
        var message = token.Message;
        if (!message.IsTagged)
            throw new AttestationFormatException(where, "vendor evidence is a tagged COSE_Mac0 (tag 17, RFC 9052 §6.2)");
        if (message.Algorithm.Integer != Algorithm)
            throw new AttestationFormatException($"{where} protected header alg",
                $"vendor evidence is MACed with {CoseAlgorithms.Describe(Algorithm)}, not {message.Algorithm}");
        var kid = token.KeyId
            ?? throw new AttestationFormatException($"{where} kid", "vendor evidence names its secret: kid (4) is missing");
        if (kid.Length is 0 or > MaxKeyIdLength)
            throw new AttestationFormatException($"{where} kid", $"the kid is the secret's id, 1 to {MaxKeyIdLength} bytes, not {kid.Length}");
        var type = AttestationFormatException.Guard(where, () => message.ProtectedHeaders.GetText(CoseHeaderLabels.Type)
            ?? message.UnprotectedHeaders.GetText(CoseHeaderLabels.Type));
        if (type is not null && !EatEvidence.IsEatCwtType(type))
            throw new AttestationFormatException($"{where} typ", $"typ \"{type}\" is not {DeviceTrustEatProfile.MediaType} (RFC 9782)");
        return token;
    }

    /// <summary>
    /// Whether <paramref name="encoded"/> is a COSE_Mac0 by its tags (17, optionally inside 61) rather than a COSE_Sign1
    /// (18): which of <see cref="Read"/> and <see cref="EatEvidence.Read"/> applies. Looks at the tags only; false for
    /// anything else, which <see cref="EatEvidence.Read"/> then refuses by name.
    /// </summary>
    public static bool IsMacEnvelope(ReadOnlySpan<byte> encoded)
    {
        try
        {
            // Two tags take at most 4 bytes (0xD8 0x3D, 0xD1): only the head is read.
            var reader = new CborReader(encoded[..Math.Min(encoded.Length, 8)].ToArray(), CborConformanceMode.Lax);
            var tag = reader.PeekState() == CborReaderState.Tag ? reader.ReadTag() : (CborTag?)null;
            if (tag == (CborTag)CoseTags.Cwt && reader.PeekState() == CborReaderState.Tag)
                tag = reader.ReadTag();
            return tag == (CborTag)CoseTags.Mac0;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException)
        {
            return false;
        }
    }
}
