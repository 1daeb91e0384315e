namespace DeviceTrust.Enrollment.Vouchers;

/// <summary>
/// The leaves a voucher and a voucher-request share (rfc8366bis <c>grouping voucher-artifact</c>, RFC 8366 §5.3).
/// Binary leaves are raw bytes here; the JSON form carries them in base64 and the CBOR form as bstr.
/// <code>
/// +---- created-on?                      yang:date-and-time
/// +---- expires-on?                      yang:date-and-time
/// +---- assertion?                       enumeration
/// +---- serial-number                    string                  (mandatory)
/// +---- idevid-issuer?                   binary
/// +---- pinned-domain-cert?              binary
/// +---- pinned-domain-pubk?              binary
/// +---- pinned-domain-pubk-sha256?       binary
/// +---- domain-cert-revocation-checks?   boolean
/// +---- nonce?                           binary {length "8..32"}
/// +---- last-renewal-date?               yang:date-and-time
/// </code>
/// </summary>
public abstract class VoucherArtifact
{
    private protected VoucherArtifact()
    {
    }

    /// <summary>The pledge's serial number; the pledge refuses a voucher for another one (rfc8366bis).</summary>
    public required string SerialNumber { get; init; }

    public DateTimeOffset? CreatedOn { get; init; }

    /// <summary>Pledges with a clock refuse the voucher after this time (RFC 8366 §5.3).</summary>
    public DateTimeOffset? ExpiresOn { get; init; }

    public VoucherAssertion? Assertion { get; init; }

    /// <summary>The Authority Key Identifier of the pledge's IDevID certificate (RFC 8366 §5.3).</summary>
    public ReadOnlyMemory<byte>? IdevidIssuer { get; init; }

    /// <summary>DER X.509 certificate the pledge pins as the domain trust anchor (RFC 8366 §5.3).</summary>
    public ReadOnlyMemory<byte>? PinnedDomainCert { get; init; }

    /// <summary>SubjectPublicKeyInfo of the domain (raw public key, RFC 7250 §3) instead of a certificate.</summary>
    public ReadOnlyMemory<byte>? PinnedDomainPubk { get; init; }

    /// <summary>SHA-256 of the domain's SubjectPublicKeyInfo.</summary>
    public ReadOnlyMemory<byte>? PinnedDomainPubkSha256 { get; init; }

    public bool? DomainCertRevocationChecks { get; init; }

    /// <summary>The pledge's anti-replay nonce, 8 to 32 bytes (ietf-voucher YANG).</summary>
    public ReadOnlyMemory<byte>? Nonce { get; init; }

    public DateTimeOffset? LastRenewalDate { get; init; }
}
