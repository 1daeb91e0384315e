using System.Security.Cryptography;
using DeviceTrust.Cose;

namespace DeviceTrust.Attestation.Eat;

/// <summary>Options of <see cref="EatEvidence.Build"/>.</summary>
public sealed record EatEvidenceOptions
{
    /// <summary>Wrap the tagged COSE_Sign1 in the CWT tag 61 (RFC 8392 §6). On by default.</summary>
    public bool CwtTag { get; init; } = true;

    /// <summary>Put typ = <see cref="DeviceTrustEatProfile.MediaType"/> in the protected header (RFC 9596).</summary>
    public bool IncludeType { get; init; }

    /// <summary>
    /// The attestation key's endorsement, DER certificates leaf first (the leaf certifies the signing key), put in the
    /// protected header as x5chain (33, RFC 9360 §2): one certificate as a bstr, more as an array. Lets a verifier that
    /// does not know the kid yet accept a key its endorsement anchors vouch for. Null or empty: no x5chain.
    /// </summary>
    public IReadOnlyList<byte[]>? X5Chain { get; init; }
}

/// <summary>
/// DeviceTrust evidence (<see cref="DeviceTrustEatProfile"/>): an EAT signed with ES256 by the device's attestation key,
/// its kid the SHA-256 of the key's DER SubjectPublicKeyInfo. Building and reading only: whether the claims follow the
/// profile is <see cref="DeviceTrustEatProfile.Check"/>, and what they mean is the verifier's appraisal.
/// </summary>
public static class EatEvidence
{
    /// <summary>
    /// Signs <paramref name="claims"/> as tagged COSE_Sign1 with ES256, kid in the unprotected header, and x5chain in the
    /// protected one when <see cref="EatEvidenceOptions.X5Chain"/> is given.
    /// </summary>
    /// <exception cref="ArgumentException">The claims-set cannot be encoded, the key is not a P-256 private key, or a
    /// certificate of the chain is empty.</exception>
    public static byte[] Build(EatClaimsSet claims, ECDsa privateKey, EatEvidenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(privateKey);
        options ??= new EatEvidenceOptions();
        if (options.X5Chain?.Any(certificate => certificate is not { Length: > 0 }) == true)
            throw new ArgumentException("An x5chain certificate is empty.", nameof(options));
        return CoseSign1Signer.SignEs256(claims.Encode(), privateKey, new CoseSignOptions
        {
            KeyId = KeyIdOf(privateKey),
            CwtTag = options.CwtTag,
            Type = options.IncludeType ? DeviceTrustEatProfile.MediaType : null,
            X5Chain = options.X5Chain?.Select(certificate => (ReadOnlyMemory<byte>)certificate).ToList(),
        });
    }

    /// <summary>
    /// Reads DeviceTrust evidence: a tagged COSE_Sign1 (18, optionally inside 61) with alg ES256 protected, a 32-byte
    /// kid, typ absent or <see cref="DeviceTrustEatProfile.MediaType"/>, and a claims-set payload. The signature is
    /// checked separately (<see cref="EatToken.VerifySignature"/>), with the key the kid names.
    /// </summary>
    /// <exception cref="AttestationFormatException">Anything malformed, or an envelope the profile does not allow.</exception>
    public static EatToken Read(ReadOnlySpan<byte> encoded)
    {
        var token = EatToken.Decode(encoded);
        const string where = EatToken.Where;
        var message = token.Message;
        if (!message.IsTagged)
            throw new AttestationFormatException(where, "DeviceTrust evidence is a tagged COSE_Sign1 (tag 18, RFC 9052 §4.2)");
        if (message.Algorithm.Integer != CoseAlgorithms.ES256)
            throw new AttestationFormatException($"{where} protected header alg",
                $"DeviceTrust evidence is signed with {CoseAlgorithms.Describe(CoseAlgorithms.ES256)}, not {message.Algorithm}");
        var kid = token.KeyId
            ?? throw new AttestationFormatException($"{where} kid", "DeviceTrust evidence names its key: kid (4) is missing");
        if (kid.Length != SHA256.HashSizeInBytes)
            throw new AttestationFormatException($"{where} kid",
                $"the kid is the SHA-256 of the key's SubjectPublicKeyInfo, {SHA256.HashSizeInBytes} bytes, not {kid.Length}");
        var type = AttestationFormatException.Guard(where, () => message.ProtectedHeaders.GetText(CoseHeaderLabels.Type)
            ?? message.UnprotectedHeaders.GetText(CoseHeaderLabels.Type));
        if (type is not null && !IsEatCwtType(type))
            throw new AttestationFormatException($"{where} typ", $"typ \"{type}\" is not {DeviceTrustEatProfile.MediaType} (RFC 9782)");
        return token;
    }

    // RFC 9782 §4: application/eat+cwt, with an optional eat_profile parameter.
    internal static bool IsEatCwtType(string type) =>
        type.Equals(DeviceTrustEatProfile.MediaType, StringComparison.OrdinalIgnoreCase)
        || type.StartsWith(DeviceTrustEatProfile.MediaType + ";", StringComparison.OrdinalIgnoreCase);

    /// <summary>The profile's kid: SHA-256 of the DER SubjectPublicKeyInfo of the attestation key.</summary>
    public static byte[] KeyIdOf(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return SHA256.HashData(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>Whether the token's kid names <paramref name="publicKey"/>.</summary>
    public static bool KeyIdMatches(EatToken token, ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.KeyId is { } kid && CryptographicOperations.FixedTimeEquals(kid, KeyIdOf(publicKey));
    }
}
