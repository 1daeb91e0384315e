using DeviceTrust.Cose;

namespace DeviceTrust.Attestation.Eat;

/// <summary>
/// A MACed EAT in its CWT form: a COSE_Mac0 whose payload is a claims-set (RFC 9711 §7.2.1, RFC 8392 §6). Whoever holds
/// the secret checks the tag (<see cref="VerifyTag"/>); anyone can read the claims.
/// <code>
/// CWT-Tagged = #6.61(COSE_Mac0_Tagged) / COSE_Mac0_Tagged                  ; RFC 8392 §6, RFC 9711 §5.1
/// payload    = bstr .cbor Claims-Set
/// </code>
/// </summary>
public sealed class EatMacToken : IEatToken
{
    internal const string Where = "EAT token (COSE_Mac0)";

    private EatMacToken(CoseMac0 message, EatClaimsSet claims, IReadOnlyList<CoseLabel> claimLabels, byte[]? keyId)
    {
        Message = message;
        Claims = claims;
        ClaimLabels = claimLabels;
        KeyId = keyId;
    }

    public CoseMac0 Message { get; }

    public EatClaimsSet Claims { get; }

    public IReadOnlyList<CoseLabel> ClaimLabels { get; }

    /// <summary>kid from the protected or else the unprotected header; null when absent.</summary>
    public byte[]? KeyId { get; }

    /// <summary>
    /// Decodes a COSE_Mac0 EAT, tagged 17 or untagged, optionally inside tag 61, with alg protected and the payload
    /// embedded. The tag is not checked: see <see cref="VerifyTag"/>.
    /// </summary>
    /// <exception cref="AttestationFormatException">Larger than <see cref="EatToken.MaxEncodedLength"/>, not a COSE_Mac0, a
    /// critical header it does not process, a detached payload, or a payload that is not a claims-set.</exception>
    public static EatMacToken Decode(ReadOnlySpan<byte> encoded)
    {
        var decoded = EatEnvelopeDecoder.Decode(encoded, Where, bytes => CoseMac0.Decode(bytes, requireProtectedAlg: true),
            message => new CoseParts(message.ProtectedHeaders, message.UnprotectedHeaders, message.Payload));
        return new EatMacToken(decoded.Message, decoded.Claims, decoded.ClaimLabels, decoded.KeyId);
    }

    /// <summary>True when the COSE_Mac0 tag verifies with <paramref name="secret"/> (compared in constant time).</summary>
    /// <exception cref="NotSupportedException">The token's algorithm is not one DeviceTrust.Cose computes.</exception>
    public bool VerifyTag(CoseSymmetricKey secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Message.Verify(secret);
    }
}
