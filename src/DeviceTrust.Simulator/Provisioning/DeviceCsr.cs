using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Simulator.Provisioning;

/// <summary>PKCS#10 requests (RFC 2986) a device sends to EST, built with .NET's <see cref="CertificateRequest"/>.</summary>
public static class DeviceCsr
{
    /// <summary>
    /// CN=serial, serialNumber=serial: the LDevID subject the registrar issues (RFC 8995 2.3.1 puts the serial in the
    /// serialNumber attribute; X520SerialNumber is a PrintableString, RFC 5280 Appendix A).
    /// </summary>
    public static X500DistinguishedName SubjectFor(string serialNumber)
    {
        ArgumentException.ThrowIfNullOrEmpty(serialNumber);
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(serialNumber);
        builder.Add(EnrollmentOids.SerialNumber, serialNumber, UniversalTagNumber.PrintableString);
        return builder.Build();
    }

    /// <summary>DER, signed ECDSA with SHA-256 by <paramref name="key"/>, which is also the key it certifies.</summary>
    public static byte[] Create(X500DistinguishedName subject, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(key);
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSigningRequest();
    }

    /// <summary>
    /// Fault injection: a request that carries the public key of <paramref name="certifiedKey"/> but is signed by
    /// <paramref name="signingKey"/>, so its signature fails as proof of possession (RFC 2986 3, RFC 7030 3.4).
    /// </summary>
    public static byte[] CreateWithForeignSignature(X500DistinguishedName subject, ECDsa certifiedKey, ECDsa signingKey)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(certifiedKey);
        ArgumentNullException.ThrowIfNull(signingKey);
        var publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(certifiedKey.ExportSubjectPublicKeyInfo(), out _);
        return new CertificateRequest(subject, publicKey, HashAlgorithmName.SHA256)
            .CreateSigningRequest(X509SignatureGenerator.CreateForECDsa(signingKey));
    }
}
