using System.Security.Cryptography;
using System.Text;
using DeviceTrust.Cose;

namespace DeviceTrust.Attestation.Ear;

/// <summary>
/// An EAR as a CWT (draft-ietf-rats-ear-03 §3; RFC 8392): a tagged COSE_Sign1 (RFC 9052 §4.2) signed with ES256
/// whose payload is the CBOR claims-set of <see cref="EarCbor"/>; <c>alg</c> in the protected header, the key id in
/// the unprotected <c>kid</c>. The COSE work is DeviceTrust.Cose's (System.Security.Cryptography.Cose underneath).
/// </summary>
public static class EarCose
{
    private const string Where = "EAR COSE_Sign1";

    /// <summary>Signs <paramref name="result"/> with a P-256 private key.</summary>
    /// <param name="keyId">The kid (as UTF-8); the key's RFC 7638 thumbprint when null, as for the JWT.</param>
    /// <param name="cwtTag">Wrap the message in the CWT tag 61 (RFC 8392 §6).</param>
    /// <exception cref="ArgumentException">The key is not a P-256 private key.</exception>
    public static byte[] Sign(AttestationResult result, ECDsa signingKey, string? keyId = null, EarClaimNames? names = null,
        bool cwtTag = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(signingKey);
        keyId ??= EarVerificationKey.FromECDsa(signingKey).KeyId;
        return CoseSign1Signer.SignEs256(EarCbor.Encode(result, names), signingKey,
            new CoseSignOptions { KeyId = Encoding.UTF8.GetBytes(keyId), CwtTag = cwtTag });
    }

    /// <summary>
    /// Verifies a signed CBOR EAR with the verifier's public key and reads its claims-set. Only ES256 (-7) in the
    /// protected header is accepted; the message may be untagged, tagged 18, or inside the CWT tag 61.
    /// </summary>
    /// <exception cref="AttestationFormatException">Not a well-formed COSE_Sign1 with an embedded payload, or a
    /// payload that is not a CBOR EAR of the profile in use.</exception>
    /// <exception cref="NotSupportedException">A critical header parameter is not understood (RFC 9052 §3.1).</exception>
    public static EarVerification Verify(ReadOnlySpan<byte> signed, EarVerificationKey key, EarClaimNames? names = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var copy = signed.ToArray();
        var message = AttestationFormatException.Guard(Where, () => CoseSign1.Decode(copy));
        var keyId = KeyIdOf(message);
        if (message.Algorithm != CoseLabel.Of(CoseAlgorithms.ES256))
            return EarVerification.Refused(EarVerificationFailure.AlgorithmNotAllowed,
                $"alg {message.Algorithm} is not ES256 ({CoseAlgorithms.ES256})", keyId);
        if (message.Payload is not { } payload)
            throw new AttestationFormatException($"{Where}[2] payload", "an EAR's claims-set is embedded, never detached (nil)");

        using var publicKey = key.CreateECDsa();
        if (!message.Verify(publicKey))
            return EarVerification.Refused(EarVerificationFailure.SignatureInvalid, "the ES256 signature does not verify with this key", keyId);
        return EarVerification.Verified(EarCbor.Decode(payload.Span, names), keyId);
    }

    private static string? KeyIdOf(CoseSign1 message)
    {
        var kid = AttestationFormatException.Guard(Where, () =>
            message.ProtectedHeaders.GetByteString(CoseHeaderLabels.KeyId) ?? message.UnprotectedHeaders.GetByteString(CoseHeaderLabels.KeyId));
        return kid is null ? null : Encoding.UTF8.GetString(kid);
    }
}
