using System.Security.Cryptography;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Enrollment.Vouchers;

/// <summary>
/// COSE-signed constrained vouchers and voucher-requests, media type application/voucher-cose+cbor
/// (draft-ietf-anima-constrained-voucher): a COSE_Sign1 whose protected header carries <c>alg</c> and whose payload
/// is the SID-keyed CBOR of <see cref="ConstrainedVoucherCbor"/>.
/// <code>
/// signed-voucher = COSE_Sign1_Tagged .within [ bstr .cbor {1 => int, * label => any}, header_map,
///                                               bstr .cbor ({2451 => ...} / {2501 => ...}), bstr ]
/// </code>
/// </summary>
public static class ConstrainedVoucher
{
    // The constrained-voucher draft defines no header parameter of its own: crit may list only what COSE processes.
    private static readonly CritLabels UnderstoodCritical = CritLabels.Cose;

    /// <summary>Decodes a signed voucher; call <see cref="SignedVoucher{T}.Verify(AsymmetricAlgorithm)"/> before trusting it.</summary>
    /// <exception cref="VoucherFormatException">The envelope or the payload is malformed.</exception>
    /// <exception cref="NotSupportedException">The envelope marks a header parameter critical that is not understood.</exception>
    public static SignedVoucher<Voucher> DecodeVoucher(ReadOnlySpan<byte> encoded)
    {
        var message = DecodeEnvelope(encoded);
        return new SignedVoucher<Voucher>(message, ConstrainedVoucherCbor.DecodeVoucher(message.Payload!.Value.Span));
    }

    /// <summary>Decodes a signed voucher-request (PVR or RVR); verify it before trusting it.</summary>
    /// <exception cref="VoucherFormatException">The envelope or the payload is malformed.</exception>
    /// <exception cref="NotSupportedException">The envelope marks a header parameter critical that is not understood.</exception>
    public static SignedVoucher<VoucherRequest> DecodeVoucherRequest(ReadOnlySpan<byte> encoded)
    {
        var message = DecodeEnvelope(encoded);
        return new SignedVoucher<VoucherRequest>(message, ConstrainedVoucherCbor.DecodeVoucherRequest(message.Payload!.Value.Span));
    }

    /// <summary>Signs a voucher or voucher-request with ES256 (the draft's mandatory algorithm), alg protected.</summary>
    /// <param name="options">kid, x5chain or x5bag to carry, e.g. the registrar certificate in an RVR's x5bag.</param>
    /// <exception cref="ArgumentException">The content breaks a constraint, or the key is not a P-256 private key.</exception>
    public static byte[] Sign(VoucherArtifact content, ECDsa privateKey, CoseSignOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (options is { DetachedPayload: true })
            throw new ArgumentException("A constrained voucher carries its payload; a detached payload is not allowed.", nameof(options));
        return CoseSign1Signer.SignEs256(ConstrainedVoucherCbor.Encode(content), privateKey, options);
    }

    private static CoseSign1 DecodeEnvelope(ReadOnlySpan<byte> encoded)
    {
        CoseSign1 message;
        try
        {
            // requireProtectedAlg: the voucher profile authenticates alg in the protected bucket.
            message = CoseSign1.Decode(encoded, requireProtectedAlg: true, UnderstoodCritical);
        }
        catch (CoseFormatException e)
        {
            throw new VoucherFormatException(e.Location, e.Problem, e);
        }
        if (message.IsDetached)
            throw new VoucherFormatException("COSE_Sign1[2] payload", "is nil; a signed voucher embeds its payload");
        return message;
    }
}
