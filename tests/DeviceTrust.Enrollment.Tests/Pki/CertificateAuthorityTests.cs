using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Enrollment.Tests.Pki;

public class CertificateAuthorityTests
{
    [Fact]
    public void CreateRoot_FromSubjectAndValidity_IsSelfSignedP256CaWithPathLength()
    {
        var (root, _) = TestPki.DomainCa();
        var certificate = root.Certificate;

        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.Equal("CN=DeviceTrust Test Root CA, O=DeviceTrust", certificate.Subject);
        Assert.Equal(TestPki.Now.UtcDateTime, certificate.NotBefore.ToUniversalTime());
        Assert.Equal(TestPki.Now.AddDays(3650).UtcDateTime, certificate.NotAfter.ToUniversalTime());
        Assert.Equal("1.2.840.10045.4.3.2", certificate.SignatureAlgorithm.Value);
        using var key = certificate.GetECDsaPublicKey();
        Assert.Equal(256, key!.KeySize);
        var constraints = TestPki.Extension<X509BasicConstraintsExtension>(certificate);
        Assert.True(constraints.Critical);
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.HasPathLengthConstraint);
        Assert.Equal(1, constraints.PathLengthConstraint);
        var usage = TestPki.Extension<X509KeyUsageExtension>(certificate);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
        Assert.Equal(TestPki.Extension<X509SubjectKeyIdentifierExtension>(certificate).SubjectKeyIdentifier,
            Convert.ToHexString(TestPki.Extension<X509AuthorityKeyIdentifierExtension>(certificate).KeyIdentifier!.Value.Span));
    }

    [Fact]
    public void CreateIssuingCa_UnderRoot_IsSignedByRootWithPathLengthZeroAndRootAki()
    {
        var (root, issuing) = TestPki.DomainCa();

        Assert.Equal(root.Certificate.Subject, issuing.Certificate.Issuer);
        Assert.Equal(0, TestPki.Extension<X509BasicConstraintsExtension>(issuing.Certificate).PathLengthConstraint);
        Assert.Equal(TestPki.Extension<X509SubjectKeyIdentifierExtension>(root.Certificate).SubjectKeyIdentifier,
            Convert.ToHexString(TestPki.Extension<X509AuthorityKeyIdentifierExtension>(issuing.Certificate).KeyIdentifier!.Value.Span));
        Assert.True(ChainValidator.Validate(issuing.Certificate, root.Certificate, TestPki.Now).IsValid);
    }

    [Fact]
    public void CreateIssuingCa_LongerThanRoot_IsClippedToRootNotAfter()
    {
        var (root, _) = TestPki.DomainCa();

        var issuing = root.CreateIssuingCa(new X500DistinguishedName("CN=Long"), TimeSpan.FromDays(100_000));

        Assert.Equal(root.Certificate.NotAfter, issuing.Certificate.NotAfter);
    }

    [Fact]
    public void Import_ExportedPkcs8AndCertificate_RestoresAnIssuingCa()
    {
        var (root, issuing) = TestPki.DomainCa();
        var pkcs8 = issuing.ExportPrivateKeyPkcs8();

        var restored = CertificateAuthority.Import(issuing.ExportCertificateDer(), pkcs8, new FixedTimeProvider(TestPki.Now));
        using var deviceKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var device = TestPki.IssueDevice(restored, deviceKey);

        Assert.Equal(issuing.Certificate.RawData, restored.Certificate.RawData);
        using var roundTrip = ECDsa.Create();
        roundTrip.ImportPkcs8PrivateKey(pkcs8, out var read);
        Assert.Equal(pkcs8.Length, read);
        Assert.True(ChainValidator.Validate(device, root.Certificate, TestPki.Now, [issuing.Certificate]).IsValid);
    }

    [Fact]
    public void Import_KeyOfAnotherCa_ThrowsNamingTheMismatch()
    {
        var (root, issuing) = TestPki.DomainCa();

        var error = Assert.Throws<EnrollmentFormatException>(() =>
            CertificateAuthority.Import(issuing.ExportCertificateDer(), root.ExportPrivateKeyPkcs8(), TimeProvider.System));

        Assert.Contains("does not match", error.What);
    }

    [Fact]
    public void Import_GarbageKey_ThrowsEnrollmentFormatException()
    {
        var (_, issuing) = TestPki.DomainCa();

        var error = Assert.Throws<EnrollmentFormatException>(() =>
            CertificateAuthority.Import(issuing.ExportCertificateDer(), [0x30, 0x03, 0x02, 0x01, 0x00], TimeProvider.System));

        Assert.Equal("CA PrivateKeyInfo", error.Where);
    }

    [Fact]
    public void Import_EndEntityCertificate_ThrowsNotACa()
    {
        var (_, issuing) = TestPki.DomainCa();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var device = TestPki.IssueDevice(issuing, key);

        var error = Assert.Throws<EnrollmentFormatException>(() =>
            CertificateAuthority.Import(device.RawData, key.ExportPkcs8PrivateKey(), TimeProvider.System));

        Assert.Contains("not a CA", error.What);
    }

    [Fact]
    public void ExportCertificatePem_RoundTripsThroughDotNet()
    {
        var (root, _) = TestPki.DomainCa();

        var pem = root.ExportCertificatePem();

        Assert.StartsWith("-----BEGIN CERTIFICATE-----", pem);
        Assert.Equal(root.ExportCertificateDer(), X509Certificate2.CreateFromPem(pem).RawData);
    }

    [Fact]
    public void IssueDeviceCertificate_CaExpired_ThrowsInvalidOperation()
    {
        var time = new FixedTimeProvider(TestPki.Now);
        var root = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Short"), TimeSpan.FromDays(1), time);
        time.Now = TestPki.Now.AddDays(2);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<InvalidOperationException>(() => TestPki.IssueDevice(root, key));
    }
}
