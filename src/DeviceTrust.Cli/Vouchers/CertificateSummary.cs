using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeviceTrust.Cli.Vouchers;

/// <summary>What a reader needs to recognise a certificate: names, validity and SHA-256 fingerprint.</summary>
public sealed record CertificateSummary(
    string Subject, string Issuer, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Sha256)
{
    public static CertificateSummary Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new CertificateSummary(certificate.Subject, certificate.Issuer,
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime()),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime()),
            certificate.GetCertHashString(HashAlgorithmName.SHA256));
    }

    /// <summary>The summary of a DER certificate, or null when the bytes are not one.</summary>
    public static CertificateSummary? TryParse(ReadOnlySpan<byte> der)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            return Of(certificate);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
