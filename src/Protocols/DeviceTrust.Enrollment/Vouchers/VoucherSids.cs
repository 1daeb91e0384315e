namespace DeviceTrust.Enrollment.Vouchers;

/// <summary>
/// YANG Schema Item iDentifiers of the constrained voucher and voucher-request (draft-ietf-anima-constrained-voucher,
/// files ietf-voucher-constrained@2021-04-15.sid and ietf-voucher-request-constrained@2021-04-15.sid; the voucher
/// range 2451-2462 is the same in rfc8366bis ietf-voucher-sid.txt). Members are keyed by their delta from the
/// container SID (RFC 9254 §3.2), e.g. serial-number 2462 - 2451 = 11.
/// </summary>
public static class VoucherSids
{
    public const long Voucher = 2451;
    public const long VoucherAssertion = 2452;
    public const long VoucherCreatedOn = 2453;
    public const long VoucherDomainCertRevocationChecks = 2454;
    public const long VoucherExpiresOn = 2455;
    public const long VoucherIdevidIssuer = 2456;
    public const long VoucherLastRenewalDate = 2457;
    public const long VoucherNonce = 2458;
    public const long VoucherPinnedDomainCert = 2459;
    public const long VoucherPinnedDomainPubk = 2460;
    public const long VoucherPinnedDomainPubkSha256 = 2461;
    public const long VoucherSerialNumber = 2462;

    public const long Request = 2501;
    public const long RequestAssertion = 2502;
    public const long RequestCreatedOn = 2503;
    public const long RequestDomainCertRevocationChecks = 2504;
    public const long RequestExpiresOn = 2505;
    public const long RequestIdevidIssuer = 2506;
    public const long RequestLastRenewalDate = 2507;
    public const long RequestNonce = 2508;
    public const long RequestPinnedDomainCert = 2509;
    public const long RequestPriorSignedVoucherRequest = 2510;
    public const long RequestProximityRegistrarCert = 2511;
    public const long RequestProximityRegistrarPubkSha256 = 2512;
    public const long RequestProximityRegistrarPubk = 2513;
    public const long RequestSerialNumber = 2514;

    /// <summary>RFC 9254 §3.2: a map key tagged 47 is an absolute SID rather than a delta.</summary>
    public const ulong AbsoluteSidTag = 47;
}
