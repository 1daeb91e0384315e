using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Vouchers;

namespace DeviceTrust.Simulator.Provisioning;

/// <summary>A verified voucher and what the pledge now trusts because of it.</summary>
/// <param name="SignedVoucher">The voucher as received (CMS DER or COSE_Sign1), e.g. to store or inspect.</param>
/// <param name="MediaType">application/voucher-cms+json or application/voucher+cose.</param>
/// <param name="PinnedDomainCertificate">The domain trust anchor from pinned-domain-cert.</param>
/// <param name="Registrar">The registrar certificate (and the CA certificates it sent) seen in provisional TLS.</param>
/// <param name="Attempts">Voucher requests sent, 202 answers included.</param>
/// <param name="VoucherStatusAccepted">Whether voucher_status was answered 200.</param>
public sealed record VoucherExchange(Voucher Voucher, byte[] SignedVoucher, string MediaType, X509Certificate2 PinnedDomainCertificate,
    PresentedCertificate Registrar, int Attempts, bool VoucherStatusAccepted);

/// <summary>The end of a successful bootstrap: the LDevID with its key, and how it was obtained.</summary>
/// <param name="Ldevid">The new identity; its chain holds the CA certificates between it and the pinned domain CA.</param>
/// <param name="CaCertificates">The EST cacerts answer (RFC 7030 4.1).</param>
/// <param name="EnrollStatusAccepted">Whether enrollstatus, sent with the LDevID as client certificate, was answered 200.</param>
public sealed record PledgeResult(DeviceIdentity Ldevid, VoucherExchange Voucher, IReadOnlyList<X509Certificate2> CaCertificates,
    bool EnrollStatusAccepted);
