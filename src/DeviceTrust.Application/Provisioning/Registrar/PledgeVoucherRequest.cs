using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment;
using DeviceTrust.Enrollment.Brski;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Enrollment.Vouchers;

namespace DeviceTrust.Application.Provisioning.Registrar;

/// <summary>
/// A pledge's voucher-request as the registrar received it (RFC 8995 5.2): decoded, its signature checked against the
/// IDevID the pledge presented at TLS, the signer proved to be that same IDevID.
/// </summary>
public sealed record PledgeVoucherRequest(VoucherRequest Content, byte[] Signed, string MediaType, X509Certificate2 Idevid, IReadOnlyList<X509Certificate2> Intermediates)
{
    public bool IsCose => MediaType == BrskiMediaTypes.VoucherCose;

    /// <summary>Decodes and checks the signature. Malformed input throws <see cref="EnrollmentFormatException"/> (400); a bad signature refuses (403).</summary>
    public static PledgeVoucherRequest Read(byte[] body, string mediaType, X509Certificate2 tlsClientCertificate)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(tlsClientCertificate);
        if (body.Length == 0) throw new EnrollmentFormatException("the body is empty", "voucher-request");
        return mediaType switch
        {
            BrskiMediaTypes.VoucherCmsJson => ReadCms(body, tlsClientCertificate),
            BrskiMediaTypes.VoucherCose => ReadCose(body, tlsClientCertificate),
            _ => throw new ArgumentException($"Unsupported media type {mediaType}.", nameof(mediaType)),
        };
    }

    private static PledgeVoucherRequest ReadCms(byte[] body, X509Certificate2 idevid)
    {
        var verified = CmsSignedMessage.Verify(body);
        if (verified.Failure == CmsVerificationFailure.SignerCertificateMissing)
            throw new EnrollmentFormatException("the CMS carries no certificate matching its signer; include the IDevID (RFC 8995 5.2)", "voucher-request CMS");
        if (!verified.IsValid) throw new ProvisioningRefusedException($"The voucher-request signature does not verify: {verified.Reason}.");
        if (verified.ContentType != EnrollmentOids.AnimaJsonVoucher)
            throw new EnrollmentFormatException($"eContentType is {verified.ContentType}, not id-ct-animaJSONVoucher ({EnrollmentOids.AnimaJsonVoucher})", "voucher-request CMS");
        var content = VoucherJson.ReadVoucherRequest(verified.Content);
        if (!verified.Signer.RawData.AsSpan().SequenceEqual(idevid.RawData))
            throw new ProvisioningRefusedException("The voucher-request is not signed by the IDevID presented at TLS (RFC 8995 5.5).");
        var intermediates = verified.Certificates.Where(c => !c.RawData.AsSpan().SequenceEqual(idevid.RawData)).ToList();
        return new PledgeVoucherRequest(content, body, BrskiMediaTypes.VoucherCmsJson, idevid, intermediates);
    }

    private static PledgeVoucherRequest ReadCose(byte[] body, X509Certificate2 idevid)
    {
        SignedVoucher<VoucherRequest> signed;
        try
        {
            signed = ConstrainedVoucher.DecodeVoucherRequest(body);
        }
        catch (NotSupportedException e)
        {
            throw new EnrollmentFormatException(e.Message, "voucher-request COSE_Sign1", e);
        }
        bool verified;
        try
        {
            verified = signed.Verify(idevid);
        }
        catch (NotSupportedException e)
        {
            throw new EnrollmentFormatException($"unsupported signature algorithm ({e.Message})", "voucher-request COSE_Sign1 protected alg", e);
        }
        if (!verified) throw new ProvisioningRefusedException("The voucher-request signature does not verify with the IDevID presented at TLS.");
        return new PledgeVoucherRequest(signed.Content, body, BrskiMediaTypes.VoucherCose, idevid, []);
    }

    /// <summary>The device serial the IDevID names in its subject (RFC 8995 2.3.1).</summary>
    public string? IdevidSerialNumber => DeviceCertificateFields.SubjectSerialNumber(Idevid);
}
