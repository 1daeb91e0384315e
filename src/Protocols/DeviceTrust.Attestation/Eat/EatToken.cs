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
public sealed class EatToken
{
    /// <summary>The largest token accepted; evidence is a few hundred bytes, so more is refused before any parsing.</summary>
    public const int MaxEncodedLength = 64 * 1024;

    internal const string Where = "EAT token";

    private EatToken(CoseSign1 message, EatClaimsSet claims)
    {
        Message = message;
        Claims = claims;
    }

    public CoseSign1 Message { get; }

    public EatClaimsSet Claims { get; }

    /// <summary>kid from the protected or else the unprotected header; null when absent.</summary>
    /// <exception cref="AttestationFormatException">The kid is not a byte string.</exception>
    public byte[]? KeyId => AttestationFormatException.Guard(Where, () => Message.ProtectedHeaders.GetByteString(CoseHeaderLabels.KeyId)
        ?? Message.UnprotectedHeaders.GetByteString(CoseHeaderLabels.KeyId));

    /// <summary>
    /// Decodes a COSE_Sign1 EAT, tagged 18 or untagged, optionally inside tag 61. The alg must be protected
    /// (RFC 9711 §7.2.1 leaves no place for an unprotected alg) and the payload embedded. The signature is not checked:
    /// see <see cref="VerifySignature"/>.
    /// </summary>
    /// <exception cref="AttestationFormatException">Larger than <see cref="MaxEncodedLength"/>, not a COSE_Sign1, a
    /// critical header it does not process, a detached payload, or a payload that is not a claims-set.</exception>
    public static EatToken Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length > MaxEncodedLength)
            throw new AttestationFormatException(Where, $"{encoded.Length} bytes is larger than the {MaxEncodedLength} bytes accepted");
        var copy = encoded.ToArray();
        var message = AttestationFormatException.Guard(Where, () =>
        {
            try
            {
                return CoseSign1.Decode(copy, requireProtectedAlg: true);
            }
            catch (NotSupportedException e)
            {
                throw new AttestationFormatException(Where, e.Message, e);
            }
        });
        var payload = message.Payload
            ?? throw new AttestationFormatException($"{Where} payload", "the claims-set must be embedded, not detached (nil)");
        return new EatToken(message, EatClaimsSet.Decode(payload));
    }

    /// <summary>True when the COSE_Sign1 signature verifies with <paramref name="publicKey"/>.</summary>
    /// <exception cref="NotSupportedException">The token's algorithm is not one DeviceTrust.Cose verifies.</exception>
    public bool VerifySignature(AsymmetricAlgorithm publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return AttestationFormatException.Guard(Where, () => Message.Verify(publicKey));
    }
}
