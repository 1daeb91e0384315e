using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace DeviceTrust.Enrollment.Tests.Pki;

/// <summary>A domain PKI at a fixed time, and BouncyCastle-made requests, for the tests.</summary>
public static class TestPki
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly Uri CrlUrl = new("http://pki.devicetrust.test/crl/issuing.crl");

    public static (CertificateAuthority Root, CertificateAuthority Issuing) DomainCa(DateTimeOffset? now = null)
    {
        var time = new FixedTimeProvider(now ?? Now);
        var root = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=DeviceTrust Test Root CA, O=DeviceTrust"),
            TimeSpan.FromDays(3650), time);
        var issuing = root.CreateIssuingCa(new X500DistinguishedName("CN=DeviceTrust Test Issuing CA, O=DeviceTrust"), TimeSpan.FromDays(1825));
        return (root, issuing);
    }

    public static X509Certificate2 IssueDevice(CertificateAuthority issuing, ECDsa key, string serial = "SN-0001", int days = 365) =>
        issuing.IssueDeviceCertificate(new DeviceCertificateRequest(key.ExportSubjectPublicKeyInfo(), serial, CrlUrl, TimeSpan.FromDays(days)));

    public static AsymmetricCipherKeyPair EcKeyPair(DerObjectIdentifier curve)
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(curve, new SecureRandom()));
        return generator.GenerateKeyPair();
    }

    public static AsymmetricCipherKeyPair RsaKeyPair(int bits)
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(Org.BouncyCastle.Math.BigInteger.ValueOf(65537), new SecureRandom(), bits, 80));
        return generator.GenerateKeyPair();
    }

    /// <summary>A PKCS#10 DER request for CN=<paramref name="cn"/>, serialNumber=<paramref name="serial"/>.</summary>
    public static byte[] Csr(AsymmetricCipherKeyPair keys, string cn = "dev", string serial = "SN-1",
        string? challengePassword = null, string? unstructuredName = null, string? signatureAlgorithm = null)
    {
        var subject = new X509Name([X509Name.CN, X509Name.SerialNumber], [cn, serial]);
        var attributes = new List<Asn1Encodable>();
        if (challengePassword is not null)
            attributes.Add(new AttributePkcs(PkcsObjectIdentifiers.Pkcs9AtChallengePassword, new DerSet(new DerUtf8String(challengePassword))));
        if (unstructuredName is not null)
            attributes.Add(new AttributePkcs(PkcsObjectIdentifiers.Pkcs9AtUnstructuredName, new DerSet(new DerIA5String(unstructuredName))));
        var algorithm = signatureAlgorithm ?? (keys.Private is RsaKeyParameters ? "SHA256WITHRSA" : "SHA256WITHECDSA");
        return new Pkcs10CertificationRequest(new Asn1SignatureFactory(algorithm, keys.Private), subject, keys.Public,
            new DerSet(attributes.ToArray())).GetEncoded();
    }

    /// <summary>The subject attribute values of one type, e.g. 2.5.4.5 serialNumber.</summary>
    public static IReadOnlyList<string?> SubjectValues(X509Certificate2 certificate, string oid) =>
        certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(r => r.GetSingleElementType().Value == oid).Select(r => r.GetSingleElementValue()).ToList();

    public static T Extension<T>(X509Certificate2 certificate) where T : System.Security.Cryptography.X509Certificates.X509Extension =>
        certificate.Extensions.OfType<T>().Single();
}
