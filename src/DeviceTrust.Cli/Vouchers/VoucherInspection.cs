using DeviceTrust.Enrollment.Vouchers;

namespace DeviceTrust.Cli.Vouchers;

public enum SignatureState
{
    /// <summary>Signed, but no --trust certificate was given to verify it with.</summary>
    NotChecked,

    Verified,

    /// <summary>The signature did not verify, or --trust asked to verify an unsigned voucher.</summary>
    Failed,

    /// <summary>Plain JSON and no --trust: nothing to check.</summary>
    Unsigned,
}

/// <param name="Description">The sentence the report prints, e.g. "verified with CN=masa.example".</param>
public sealed record SignatureCheck(SignatureState State, string Description)
{
    public static SignatureCheck Failed(string reason) => new(SignatureState.Failed, $"FAILED: {reason}");
}

/// <summary>
/// A decoded voucher file. <see cref="Content"/> is null only for a CMS message whose signature does not verify,
/// because the CMS library releases the content of valid messages only.
/// </summary>
public sealed record VoucherInspection(VoucherInput Input, VoucherArtifact? Content, SignatureCheck Signature)
{
    /// <summary>"voucher", "voucher-request", or null when the content is not available.</summary>
    public string? Kind => Content switch
    {
        Voucher => "voucher",
        VoucherRequest => "voucher-request",
        _ => null,
    };

    public string Format => Input.Envelope switch
    {
        VoucherEnvelope.Cose => "constrained COSE",
        VoucherEnvelope.Json => "JSON",
        _ => "CMS-signed JSON",
    };

    public string MediaType => Input.Envelope switch
    {
        VoucherEnvelope.Cose => Voucher.CoseMediaType,
        VoucherEnvelope.Json => "application/yang-data+json",
        _ => "application/voucher-cms+json",
    };

    /// <summary>The CMS eContentType (id-ct-animaJSONVoucher for RFC 8366 §5.1); null for the other forms.</summary>
    public string? ContentType { get; init; }

    /// <summary>The certificate that signed a CMS message, as the message carries it.</summary>
    public CertificateSummary? Signer { get; init; }

    /// <summary>Certificates in a COSE x5bag header (RFC 9360 §2): untrusted hints, never trust anchors.</summary>
    public IReadOnlyList<CertificateSummary?> X5Bag { get; init; } = [];

    public IReadOnlyList<VoucherMemberValue> Members => Content is null ? [] : VoucherMembers.Of(Content);
}
