using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>Self-signed end-entity signing certificates, such as a MASA's voucher-signing certificate (RFC 8995 2.5.4).</summary>
public static class SigningCertificates
{
    /// <summary>
    /// An ECDSA P-256 certificate that signs data, not certificates: basicConstraints cA FALSE and keyUsage
    /// digitalSignature, both critical (RFC 5280 4.2.1.3, 4.2.1.9), so relying parties (openssl cms -verify among them)
    /// accept it as a signer and never as a CA. Returned with its private key.
    /// </summary>
    public static X509Certificate2 CreateSelfSigned(X500DistinguishedName subject, TimeSpan validity, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validity, TimeSpan.Zero);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = timeProvider.GetUtcNow();
        // Whole seconds: X.509 times carry no fractions, and a notBefore in the future by a fraction would fail checks made at once.
        var notBefore = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        return request.CreateSelfSigned(notBefore, notBefore + validity);
    }
}
