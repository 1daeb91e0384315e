namespace DeviceTrust.Enrollment.Vouchers;

/// <summary>
/// A voucher: the MASA's statement that a pledge belongs to a domain (RFC 8366, rfc8366bis).
/// <code>
/// module: ietf-voucher
///   structure voucher:                        ; JSON "ietf-voucher:voucher", CBOR SID 2451
///     +-- &lt;voucher-artifact leaves, see VoucherArtifact&gt;
/// </code>
/// </summary>
public sealed class Voucher : VoucherArtifact
{
    /// <summary>Media type of the constrained, COSE-signed form (draft-ietf-anima-constrained-voucher).</summary>
    public const string CoseMediaType = "application/voucher-cose+cbor";
}
