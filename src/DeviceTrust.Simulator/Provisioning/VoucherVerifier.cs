using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Enrollment.Vouchers;

namespace DeviceTrust.Simulator.Provisioning;

public enum VoucherFailure
{
    None,

    /// <summary>Not a decodable signed voucher (CMS, COSE or JSON/CBOR inside).</summary>
    Malformed,

    /// <summary>The signature does not verify, or the signer does not chain to the MASA certificate.</summary>
    NotSignedByMasa,

    /// <summary>A CMS eContentType other than id-ct-animaJSONVoucher (RFC 8366 8.3).</summary>
    WrongContentType,

    /// <summary>The voucher names another pledge (RFC 8366 5.3 serial-number).</summary>
    SerialNumberMismatch,

    /// <summary>No nonce, or not the one this pledge sent (RFC 8995 5.6.1).</summary>
    NonceMismatch,

    /// <summary>expires-on has passed (RFC 8366 5.3).</summary>
    Expired,

    /// <summary>No pinned-domain-cert, or one that is not a certificate (RFC 8366 5.3).</summary>
    NoPinnedDomainCertificate,
}

/// <summary>
/// The pledge's verdict on a voucher; <see cref="Voucher"/> and <see cref="PinnedDomainCertificate"/> only when valid.
/// The certificate is a shared decoding (<see cref="DecodedCertificates"/>): read it, never dispose it.
/// </summary>
public sealed record VoucherVerification(VoucherFailure Failure, string Reason, Voucher? Voucher = null, X509Certificate2? PinnedDomainCertificate = null)
{
    [MemberNotNullWhen(true, nameof(Voucher), nameof(PinnedDomainCertificate))]
    public bool IsValid => Failure == VoucherFailure.None;
}

/// <summary>
/// How a pledge accepts a voucher (RFC 8995 5.6.1): signed by its manufacturer's MASA, for its own serial number, with
/// the nonce it sent, not expired, carrying the domain certificate to pin. Pure: no clock, no network.
/// </summary>
public static class VoucherVerifier
{
    /// <summary>application/voucher-cms+json: the signer must chain to <paramref name="masaCertificate"/> at <paramref name="now"/>.</summary>
    public static VoucherVerification VerifyCms(byte[] signedVoucher, X509Certificate2 masaCertificate, string serialNumber,
        ReadOnlySpan<byte> nonce, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signedVoucher);
        ArgumentNullException.ThrowIfNull(masaCertificate);
        Voucher voucher;
        try
        {
            var cms = CmsSignedMessage.Verify(signedVoucher, masaCertificate, now);
            if (!cms.IsValid)
                return new(VoucherFailure.NotSignedByMasa, $"voucher signature: {cms.Reason}");
            if (cms.ContentType != EnrollmentOids.AnimaJsonVoucher)
                return new(VoucherFailure.WrongContentType, $"eContentType {cms.ContentType} is not id-ct-animaJSONVoucher");
            voucher = VoucherJson.ReadVoucher(cms.Content);
        }
        catch (EnrollmentFormatException e)
        {
            return new(VoucherFailure.Malformed, $"malformed voucher: {e.Message}");
        }
        return CheckContent(voucher, serialNumber, nonce, now);
    }

    /// <summary>application/voucher+cose: COSE_Sign1 by the MASA key; the MASA certificate must be valid at <paramref name="now"/>.</summary>
    public static VoucherVerification VerifyCose(byte[] signedVoucher, X509Certificate2 masaCertificate, string serialNumber,
        ReadOnlySpan<byte> nonce, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signedVoucher);
        ArgumentNullException.ThrowIfNull(masaCertificate);
        SignedVoucher<Voucher> decoded;
        try
        {
            decoded = ConstrainedVoucher.DecodeVoucher(signedVoucher);
            if (!decoded.Verify(masaCertificate))
                return new(VoucherFailure.NotSignedByMasa, "voucher signature does not verify with the MASA certificate's key");
        }
        catch (Exception e) when (e is EnrollmentFormatException or NotSupportedException or CryptographicException)
        {
            return new(VoucherFailure.Malformed, $"malformed voucher: {e.Message}");
        }
        if (now < masaCertificate.NotBefore.ToUniversalTime() || now > masaCertificate.NotAfter.ToUniversalTime())
            return new(VoucherFailure.NotSignedByMasa, $"the MASA certificate is not valid at {now:O}");
        return CheckContent(decoded.Content, serialNumber, nonce, now);
    }

    private static VoucherVerification CheckContent(Voucher voucher, string serialNumber, ReadOnlySpan<byte> nonce, DateTimeOffset now)
    {
        if (voucher.SerialNumber != serialNumber)
            return new(VoucherFailure.SerialNumberMismatch, $"voucher is for serial-number '{voucher.SerialNumber}', this pledge is '{serialNumber}'");
        if (voucher.Nonce is not { } echoed || !echoed.Span.SequenceEqual(nonce))
            return new(VoucherFailure.NonceMismatch, voucher.Nonce is null ? "voucher carries no nonce" : "voucher nonce is not the one this pledge sent");
        if (voucher.ExpiresOn is { } expires && now > expires)
            return new(VoucherFailure.Expired, $"voucher expired at {expires:O}");
        if (voucher.PinnedDomainCert is not { } pinned)
            return new(VoucherFailure.NoPinnedDomainCertificate, "voucher carries no pinned-domain-cert");
        try
        {
            // The same domain CA is pinned in every voucher of a domain: one shared decoding, never disposed.
            var certificate = DecodedCertificates.Get(pinned.ToArray());
            return new(VoucherFailure.None, "valid", voucher, certificate);
        }
        catch (CryptographicException e)
        {
            return new(VoucherFailure.NoPinnedDomainCertificate, $"pinned-domain-cert is not an X.509 certificate ({e.Message})");
        }
    }
}

/// <summary>Fault injection on received vouchers.</summary>
public static class VoucherTampering
{
    /// <summary>
    /// A copy with the low bit of the last byte flipped. In both CMS SignedData and COSE_Sign1 the last bytes are the
    /// signature value, so the result still decodes and must fail verification rather than parsing.
    /// </summary>
    public static byte[] FlipLastByte(byte[] signedVoucher)
    {
        ArgumentNullException.ThrowIfNull(signedVoucher);
        if (signedVoucher.Length == 0)
            throw new ArgumentException("An empty voucher has no byte to flip.", nameof(signedVoucher));
        var copy = (byte[])signedVoucher.Clone();
        copy[^1] ^= 0x01;
        return copy;
    }
}
