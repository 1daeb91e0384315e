using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace DeviceTrust.Enrollment.Tests.Pki;

public class ChainValidatorTests
{
    private readonly CertificateAuthority _root;
    private readonly CertificateAuthority _issuing;
    private readonly ECDsa _deviceKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _device;

    public ChainValidatorTests()
    {
        (_root, _issuing) = TestPki.DomainCa();
        _device = TestPki.IssueDevice(_issuing, _deviceKey, days: 365);
    }

    [Fact]
    public void Validate_DeviceThroughIssuingToRoot_IsValidWithFullPath()
    {
        var result = ChainValidator.Validate(_device, _root.Certificate, TestPki.Now.AddDays(10), [_issuing.Certificate]);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal([_device.Thumbprint, _issuing.Certificate.Thumbprint, _root.Certificate.Thumbprint], result.Path.Select(c => c.Thumbprint));
    }

    [Fact]
    public void Validate_TrustAnchorItself_IsValid()
    {
        Assert.True(ChainValidator.Validate(_root.Certificate, _root.Certificate, TestPki.Now).IsValid);
    }

    [Fact]
    public void Validate_AfterDeviceNotAfter_Expired()
    {
        var result = ChainValidator.Validate(_device, _root.Certificate, TestPki.Now.AddDays(366), [_issuing.Certificate]);

        Assert.Equal(ChainFailure.Expired, result.Failure);
        Assert.Equal(_device.Thumbprint, result.FailingCertificate!.Thumbprint);
        Assert.Contains("expired", result.Reason);
    }

    [Fact]
    public void Validate_BeforeNotBefore_NotYetValid()
    {
        var result = ChainValidator.Validate(_device, _root.Certificate, TestPki.Now.AddSeconds(-1), [_issuing.Certificate]);

        Assert.Equal(ChainFailure.NotYetValid, result.Failure);
    }

    [Fact]
    public void Validate_MissingIntermediate_WrongIssuer()
    {
        var result = ChainValidator.Validate(_device, _root.Certificate, TestPki.Now);

        Assert.Equal(ChainFailure.WrongIssuer, result.Failure);
        Assert.Contains("DeviceTrust Test Issuing CA", result.Reason);
    }

    [Fact]
    public void Validate_AnotherRoot_WrongIssuer()
    {
        var foreign = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Foreign Root"), TimeSpan.FromDays(10), new FixedTimeProvider(TestPki.Now));

        var result = ChainValidator.Validate(_device, foreign.Certificate, TestPki.Now, [_issuing.Certificate]);

        Assert.Equal(ChainFailure.WrongIssuer, result.Failure);
        Assert.Equal(_issuing.Certificate.Thumbprint, result.FailingCertificate!.Thumbprint);
    }

    [Fact]
    public void Validate_RootWithSameNameButOtherKey_BadSignature()
    {
        var (impostor, _) = TestPki.DomainCa();

        var result = ChainValidator.Validate(_device, impostor.Certificate, TestPki.Now, [_issuing.Certificate]);

        Assert.Equal(ChainFailure.BadSignature, result.Failure);
        Assert.Equal(_issuing.Certificate.Thumbprint, result.FailingCertificate!.Thumbprint);
    }

    [Fact]
    public void Validate_SignedWithRsaPss_RefusedNamingTheAlgorithm()
    {
        // RSASSA-PSS (RFC 4055) is a sound algorithm this domain does not verify: the reason says so, rather than
        // calling a signature bad that nobody checked.
        using var rootKey = RSA.Create(2048);
        var rootRequest = new CertificateRequest("CN=PSS Manufacturer Root", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var root = rootRequest.CreateSelfSigned(TestPki.Now.AddDays(-1), TestPki.Now.AddYears(5));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=PSS-0001", leafKey, HashAlgorithmName.SHA256);
        using var leaf = leafRequest.Create(root.SubjectName, X509SignatureGenerator.CreateForRSA(rootKey, RSASignaturePadding.Pss),
            TestPki.Now.AddDays(-1), TestPki.Now.AddYears(1), [1, 2, 3, 4]);

        var result = ChainValidator.Validate(leaf, root, TestPki.Now);

        Assert.Equal(ChainFailure.BadSignature, result.Failure);
        Assert.Contains("1.2.840.113549.1.1.10", result.Reason, StringComparison.Ordinal);
        Assert.Contains("does not accept", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CertificateSignedByAnEndEntity_NotCa()
    {
        using var childKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var child = SignWithEndEntity(_device, _deviceKey, childKey);

        var result = ChainValidator.Validate(child, _root.Certificate, TestPki.Now, [_issuing.Certificate, _device]);

        Assert.Equal(ChainFailure.NotCa, result.Failure);
        Assert.Equal(_device.Thumbprint, result.FailingCertificate!.Thumbprint);
    }

    [Fact]
    public void Validate_RootPathLengthZeroWithIssuingCa_PathLengthExceeded()
    {
        var root = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Flat Root"), TimeSpan.FromDays(100), new FixedTimeProvider(TestPki.Now), pathLength: 0);
        var issuing = root.CreateIssuingCa(new X500DistinguishedName("CN=Too Deep"), TimeSpan.FromDays(50));
        var device = TestPki.IssueDevice(issuing, _deviceKey);

        var result = ChainValidator.Validate(device, root.Certificate, TestPki.Now, [issuing.Certificate]);

        Assert.Equal(ChainFailure.PathLengthExceeded, result.Failure);
        Assert.Equal(root.Certificate.Thumbprint, result.FailingCertificate!.Thumbprint);
    }

    private static X509Certificate2 SignWithEndEntity(X509Certificate2 issuer, ECDsa issuerKey, ECDsa subjectKey)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(Org.BouncyCastle.Math.BigInteger.ValueOf(7));
        generator.SetIssuerDN(X509Name.GetInstance(issuer.SubjectName.RawData));
        generator.SetSubjectDN(new X509Name("CN=Child of a leaf"));
        generator.SetNotBefore(TestPki.Now.UtcDateTime);
        generator.SetNotAfter(TestPki.Now.AddDays(1).UtcDateTime);
        generator.SetSubjectPublicKeyInfo(SubjectPublicKeyInfo.GetInstance(subjectKey.ExportSubjectPublicKeyInfo()));
        var signed = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", PrivateKeyFactory.CreateKey(issuerKey.ExportPkcs8PrivateKey())));
        return X509CertificateLoader.LoadCertificate(signed.GetEncoded());
    }
}
