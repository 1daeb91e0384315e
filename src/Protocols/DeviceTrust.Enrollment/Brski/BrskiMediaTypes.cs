namespace DeviceTrust.Enrollment.Brski;

/// <summary>The media types of BRSKI's voucher exchange.</summary>
public static class BrskiMediaTypes
{
    /// <summary>A CMS SignedData around a JSON voucher or voucher-request (RFC 8366 8.3, RFC 8995 8.3), sent as binary DER.</summary>
    public const string VoucherCmsJson = "application/voucher-cms+json";

    /// <summary>A COSE_Sign1 around a SID-keyed CBOR voucher or voucher-request (draft-ietf-anima-constrained-voucher).</summary>
    public const string VoucherCose = "application/voucher+cose";

    /// <summary>voucher_status and enrollstatus telemetry (RFC 8995 5.7, 5.9.4).</summary>
    public const string Json = "application/json";
}
