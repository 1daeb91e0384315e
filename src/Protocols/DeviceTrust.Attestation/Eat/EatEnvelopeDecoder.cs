using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Attestation.Eat;

/// <summary>
/// What a CWT EAT's envelope holds once decoded, signed or MACed alike (RFC 9711 §7.2.1): the message, the claims-set
/// of its payload with its labels as received, and its kid.
/// </summary>
internal readonly record struct DecodedEat<TMessage>(TMessage Message, EatClaimsSet Claims, IReadOnlyList<CoseLabel> ClaimLabels, byte[]? KeyId);

/// <summary>The parts of a COSE message an EAT needs, whichever structure it is.</summary>
internal readonly record struct CoseParts(CoseHeaders Protected, CoseHeaders Unprotected, ReadOnlyMemory<byte>? Payload);

internal delegate TMessage CoseDecode<out TMessage>(ReadOnlySpan<byte> encoded);

/// <summary>The one decode of <see cref="EatToken"/> and <see cref="EatMacToken"/>: size cap, COSE decode, kid, claims-set.</summary>
internal static class EatEnvelopeDecoder
{
    /// <exception cref="AttestationFormatException">Larger than <see cref="EatToken.MaxEncodedLength"/>, not the COSE
    /// structure expected, a critical header not processed, a detached payload, or a payload that is not a claims-set.</exception>
    public static DecodedEat<TMessage> Decode<TMessage>(ReadOnlySpan<byte> encoded, string where, CoseDecode<TMessage> decode, Func<TMessage, CoseParts> parts)
    {
        if (encoded.Length > EatToken.MaxEncodedLength)
            throw new AttestationFormatException(where, $"{encoded.Length} bytes is larger than the {EatToken.MaxEncodedLength} bytes accepted");
        TMessage message;
        CoseParts part;
        byte[]? keyId;
        try
        {
            // The COSE decoders keep their own copy of the bytes, which the token's parts refer to.
            message = decode(encoded);
            part = parts(message);
            // Checked a byte string wherever it is by the decode (RFC 9052 §3.1); read once here.
            keyId = part.Protected.GetByteString(CoseHeaderLabels.KeyId) ?? part.Unprotected.GetByteString(CoseHeaderLabels.KeyId);
        }
        catch (CborFormatException e) when (e is not AttestationFormatException)
        {
            throw AttestationFormatException.From(e);
        }
        catch (NotSupportedException e)
        {
            throw new AttestationFormatException(where, e.Message, e);
        }
        var payload = part.Payload
            ?? throw new AttestationFormatException($"{where} payload", "the claims-set must be embedded, not detached (nil)");
        var labels = new List<CoseLabel>();
        var claims = EatClaimsSet.Decode(payload, labels);
        return new DecodedEat<TMessage>(message, claims, labels, keyId);
    }
}
