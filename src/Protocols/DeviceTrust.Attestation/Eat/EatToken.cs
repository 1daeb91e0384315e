using System.Security.Cryptography;
using DeviceTrust.Cose;

namespace DeviceTrust.Attestation.Eat;

/// <summary>
/// A signed EAT in its CWT form: a COSE_Sign1 whose payload is a claims-set.
/// <code>
/// CWT-Tagged = #6.61(COSE_Sign1_Tagged) / COSE_Sign1_Tagged                ; RFC 8392 §6, RFC 9711 §5.1
/// payload    = bstr .cbor Claims-Set
/// </code>
/// </summary>
public sealed class EatToken : IEatToken
{
    /// <summary>The largest token accepted; evidence is a few hundred bytes, so more is refused before any parsing.</summary>
    public const int MaxEncodedLength = 64 * 1024;

    internal const string Where = "EAT token";

    private EatToken(CoseSign1 message, EatClaimsSet claims, IReadOnlyList<CoseLabel> claimLabels, byte[]? keyId)
    {
        Message = message;
        Claims = claims;
        ClaimLabels = claimLabels;
        KeyId = keyId;
    }

    public CoseSign1 Message { get; }

    public EatClaimsSet Claims { get; }

    /// <summary>The labels of the claims-set's claims as received, in order: every claim the token carries, modelled by
    /// <see cref="EatClaimsSet"/> or not.</summary>
    public IReadOnlyList<CoseLabel> ClaimLabels { get; }

    /// <summary>kid from the protected or else the unprotected header; null when absent. Read once, when decoded.</summary>
    public byte[]? KeyId { get; }

    /// <summary>
    /// Decodes a COSE_Sign1 EAT, tagged 18 or untagged, optionally inside tag 61. The alg must be protected
    /// (RFC 9711 §7.2.1 leaves no place for an unprotected alg) and the payload embedded. The signature is not checked:
    /// see <see cref="VerifySignature"/>.
    /// </summary>
    /// <exception cref="AttestationFormatException">Larger than <see cref="MaxEncodedLength"/>, not a COSE_Sign1, a
    /// critical header it does not process, a detached payload, or a payload that is not a claims-set.</exception>
    public static EatToken Decode(ReadOnlySpan<byte> encoded)
    {
        var decoded = EatEnvelopeDecoder.Decode(encoded, Where, bytes => CoseSign1.Decode(bytes, requireProtectedAlg: true),
            message => new CoseParts(message.ProtectedHeaders, message.UnprotectedHeaders, message.Payload));
        return new EatToken(decoded.Message, decoded.Claims, decoded.ClaimLabels, decoded.KeyId);
    }

    /// <summary>True when the COSE_Sign1 signature verifies with <paramref name="publicKey"/>.</summary>
    /// <exception cref="NotSupportedException">The token's algorithm is not one DeviceTrust.Cose verifies.</exception>
    public bool VerifySignature(AsymmetricAlgorithm publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return Message.Verify(publicKey);
    }

    /// <summary>
    /// True when the COSE_Sign1 signature verifies with the EC public key whose DER SubjectPublicKeyInfo is given (an
    /// attestation key as the verifier stores it); false when it does not, or the bytes are not an EC public key. The key
    /// is imported once and kept for the next token (<see cref="EvidenceKeys"/>): importing costs more than verifying.
    /// </summary>
    /// <exception cref="NotSupportedException">The token's algorithm is not one DeviceTrust.Cose verifies.</exception>
    public bool VerifySignature(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        EvidenceKeys.Verify(subjectPublicKeyInfo, Message);
}
