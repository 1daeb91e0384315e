using static DeviceTrust.Enrollment.Vouchers.VoucherValueKind;
using Sids = DeviceTrust.Enrollment.Vouchers.VoucherSids;

namespace DeviceTrust.Enrollment.Vouchers;

/// <summary>The YANG type of a voucher leaf, which decides its JSON (RFC 7951) and CBOR (RFC 9254) encoding.</summary>
internal enum VoucherValueKind
{
    Text,          // string: JSON string, CBOR tstr
    DateAndTime,   // yang:date-and-time: JSON string, CBOR tstr
    Binary,        // binary: JSON base64 string (RFC 7951 §6.6), CBOR bstr (RFC 9254 §6.7)
    Boolean,       // boolean: JSON true/false, CBOR simple 20/21 (RFC 9254 §6.9)
    Assertion,     // enumeration: JSON name (RFC 7951 §6.4), CBOR int (RFC 9254 §6.6)
}

/// <summary>
/// One voucher leaf with its JSON name and its SID in each module; null where the module has no such leaf.
/// The order of <see cref="All"/> is the order the JSON writer uses (RFC 8366 §5.3 YANG order, then the
/// voucher-request additions).
/// </summary>
internal sealed record VoucherMember(string Name, VoucherValueKind Kind, long? VoucherSid, long? RequestSid)
{
    public static readonly VoucherMember CreatedOn = new("created-on", DateAndTime, Sids.VoucherCreatedOn, Sids.RequestCreatedOn);
    public static readonly VoucherMember ExpiresOn = new("expires-on", DateAndTime, Sids.VoucherExpiresOn, Sids.RequestExpiresOn);
    public static readonly VoucherMember Assertion = new("assertion", VoucherValueKind.Assertion, Sids.VoucherAssertion, Sids.RequestAssertion);
    public static readonly VoucherMember SerialNumber = new("serial-number", Text, Sids.VoucherSerialNumber, Sids.RequestSerialNumber);
    public static readonly VoucherMember IdevidIssuer = new("idevid-issuer", Binary, Sids.VoucherIdevidIssuer, Sids.RequestIdevidIssuer);
    public static readonly VoucherMember PinnedDomainCert =
        new("pinned-domain-cert", Binary, Sids.VoucherPinnedDomainCert, Sids.RequestPinnedDomainCert);
    public static readonly VoucherMember PinnedDomainPubk = new("pinned-domain-pubk", Binary, Sids.VoucherPinnedDomainPubk, null);
    public static readonly VoucherMember PinnedDomainPubkSha256 = new("pinned-domain-pubk-sha256", Binary, Sids.VoucherPinnedDomainPubkSha256, null);
    public static readonly VoucherMember DomainCertRevocationChecks =
        new("domain-cert-revocation-checks", VoucherValueKind.Boolean, Sids.VoucherDomainCertRevocationChecks, Sids.RequestDomainCertRevocationChecks);
    public static readonly VoucherMember Nonce = new("nonce", Binary, Sids.VoucherNonce, Sids.RequestNonce);
    public static readonly VoucherMember LastRenewalDate =
        new("last-renewal-date", DateAndTime, Sids.VoucherLastRenewalDate, Sids.RequestLastRenewalDate);
    public static readonly VoucherMember ProximityRegistrarCert = new("proximity-registrar-cert", Binary, null, Sids.RequestProximityRegistrarCert);
    public static readonly VoucherMember ProximityRegistrarPubk = new("proximity-registrar-pubk", Binary, null, Sids.RequestProximityRegistrarPubk);
    public static readonly VoucherMember ProximityRegistrarPubkSha256 =
        new("proximity-registrar-pubk-sha256", Binary, null, Sids.RequestProximityRegistrarPubkSha256);
    public static readonly VoucherMember PriorSignedVoucherRequest =
        new("prior-signed-voucher-request", Binary, null, Sids.RequestPriorSignedVoucherRequest);

    public static readonly IReadOnlyList<VoucherMember> All =
    [
        CreatedOn, ExpiresOn, Assertion, SerialNumber, IdevidIssuer, PinnedDomainCert, PinnedDomainPubk, PinnedDomainPubkSha256,
        DomainCertRevocationChecks, Nonce, LastRenewalDate,
        ProximityRegistrarCert, ProximityRegistrarPubk, ProximityRegistrarPubkSha256, PriorSignedVoucherRequest,
    ];

    /// <summary>True for the leaves only the ietf-voucher-request module has.</summary>
    public bool RequestOnly => VoucherSid is null;

    /// <summary>A JSON member of the voucher (request-only leaves excluded) or of the voucher-request (all leaves).</summary>
    public static VoucherMember? ByName(string name, bool isRequest) =>
        All.FirstOrDefault(member => member.Name == name && (isRequest || !member.RequestOnly));

    /// <summary>The SID of this leaf in the given module, or null when that module has none.</summary>
    public long? Sid(bool isRequest) => isRequest ? RequestSid : VoucherSid;

    public static VoucherMember? BySid(long sid, bool isRequest) => All.FirstOrDefault(member => member.Sid(isRequest) == sid);
}
