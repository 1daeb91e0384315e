using Org.BouncyCastle.Asn1.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace DeviceTrust.Enrollment.Pki;

internal static class CertificateParsing
{
    /// <summary>One DER X.509 certificate (RFC 5280 4.1), no trailing bytes.</summary>
    public static BcCertificate ParseCertificate(byte[] der, string where)
    {
        var parsed = BcInterop.ParseDer(der, where);
        try
        {
            var certificate = new BcCertificate(X509CertificateStructure.GetInstance(parsed));
            _ = certificate.GetPublicKey();
            return certificate;
        }
        catch (Exception e) when (BcInterop.IsDecodeFailure(e))
        {
            throw new EnrollmentFormatException($"not an X.509 certificate ({e.Message})", where, e);
        }
    }
}
