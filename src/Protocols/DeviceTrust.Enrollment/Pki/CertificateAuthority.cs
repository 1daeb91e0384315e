using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>
/// A certification authority: its certificate and ECDSA P-256 private key. Creates a self-signed root and issuing
/// CAs under it, and issues the end-entity profiles (see CertificateAuthority.Profiles.cs). The private key leaves
/// only as PKCS#8 DER (RFC 5208) so the caller can protect it at rest.
/// </summary>
public sealed partial class CertificateAuthority
{
    private readonly BcCertificate _certificate;
    private readonly SigningKey _signingKey;
    private readonly byte[] _pkcs8;
    private readonly TimeProvider _time;

    private CertificateAuthority(BcCertificate certificate, byte[] pkcs8, SigningKey signingKey, TimeProvider time)
    {
        _certificate = certificate;
        _pkcs8 = pkcs8;
        _signingKey = signingKey;
        _time = time;
        Certificate = BcInterop.ToDotNet(certificate);
    }

    public X509Certificate2 Certificate { get; }

    internal BcCertificate BouncyCertificate => _certificate;

    internal SigningKey SigningKey => _signingKey;

    /// <summary>A self-signed root CA valid from now for <paramref name="validity"/>.</summary>
    public static CertificateAuthority CreateRoot(
        X500DistinguishedName subject, TimeSpan validity, TimeProvider timeProvider, int pathLength = 1)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validity, TimeSpan.Zero);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pkcs8 = key.ExportPkcs8PrivateKey();
        var signingKey = SigningKey.FromPkcs8(pkcs8);
        var name = BcInterop.ToX509Name(subject);
        var notBefore = BcInterop.ToX509Time(timeProvider.GetUtcNow());
        var certificate = CertificateFactory.Create(name, signingKey, issuerKeyId: null, name,
            SubjectPublicKeyInfo.GetInstance(key.ExportSubjectPublicKeyInfo()), notBefore,
            BcInterop.AddValidity(notBefore, validity), g => AddCaExtensions(g, pathLength));
        return new CertificateAuthority(certificate, pkcs8, signingKey, timeProvider);
    }

    /// <summary>An issuing (subordinate) CA signed by this CA, its validity clipped to this CA's.</summary>
    public CertificateAuthority CreateIssuingCa(X500DistinguishedName subject, TimeSpan validity, int pathLength = 0)
    {
        ArgumentNullException.ThrowIfNull(subject);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pkcs8 = key.ExportPkcs8PrivateKey();
        var certificate = Issue(BcInterop.ToX509Name(subject),
            SubjectPublicKeyInfo.GetInstance(key.ExportSubjectPublicKeyInfo()), validity,
            g => AddCaExtensions(g, pathLength));
        return new CertificateAuthority(certificate, pkcs8, SigningKey.FromPkcs8(pkcs8), _time);
    }

    /// <summary>Restores a CA from its certificate (DER) and PKCS#8 private key, checking that they belong together.</summary>
    public static CertificateAuthority Import(byte[] certificateDer, byte[] pkcs8PrivateKey, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(certificateDer);
        ArgumentNullException.ThrowIfNull(pkcs8PrivateKey);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var certificate = CertificateParsing.ParseCertificate(certificateDer, "CA certificate");
        SigningKey signingKey;
        try
        {
            signingKey = SigningKey.FromPkcs8(pkcs8PrivateKey);
        }
        catch (Exception e) when (BcInterop.IsDecodeFailure(e))
        {
            throw new EnrollmentFormatException($"not a PKCS#8 private key ({e.Message})", "CA PrivateKeyInfo", e);
        }
        // The key pair belongs together when the private key's public half is the certificate's public key.
        if (!signingKey.Matches(certificate.SubjectPublicKeyInfo.GetDerEncoded()))
            throw new EnrollmentFormatException("private key does not match the certificate's public key", "CA PrivateKeyInfo");
        if (certificate.GetBasicConstraints() < 0)
            throw new EnrollmentFormatException("certificate is not a CA (basicConstraints cA is not TRUE)", "CA certificate");
        return new CertificateAuthority(certificate, (byte[])pkcs8PrivateKey.Clone(), signingKey, timeProvider);
    }

    /// <summary>The private key as PKCS#8 PrivateKeyInfo DER (unencrypted: the caller protects it).</summary>
    public byte[] ExportPrivateKeyPkcs8() => (byte[])_pkcs8.Clone();

    public byte[] ExportCertificateDer() => _certificate.GetEncoded();

    public string ExportCertificatePem() => Certificate.ExportCertificatePem();

    // RFC 5280 4.2.1.9: basicConstraints critical in CA certificates; 4.2.1.3: keyCertSign and cRLSign.
    private static void AddCaExtensions(Org.BouncyCastle.X509.X509V3CertificateGenerator generator, int pathLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pathLength);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(pathLength));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
    }
}
