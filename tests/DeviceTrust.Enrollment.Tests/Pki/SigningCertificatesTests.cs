using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;
using Org.BouncyCastle.X509;

namespace DeviceTrust.Enrollment.Tests.Pki;

public sealed class SigningCertificatesTests
{
    private static readonly X500DistinguishedName Subject = new("CN=Acme Sensors MASA (DEV-ONLY), O=Acme Sensors");

    private static X509Certificate2 Create(TimeSpan? validity = null, DateTimeOffset? now = null) =>
        SigningCertificates.CreateSelfSigned(Subject, validity ?? TimeSpan.FromDays(3650), new FixedTimeProvider(now ?? TestPki.Now));

    [Fact]
    public void CreateSelfSigned_IssuerIsSubjectAndTheSignatureVerifiesWithItsOwnKey()
    {
        using var certificate = Create();
        var bouncy = new X509CertificateParser().ReadCertificate(certificate.RawData);

        Assert.Equal(Subject.RawData, certificate.SubjectName.RawData);
        Assert.Equal(Subject.RawData, certificate.IssuerName.RawData);
        bouncy.Verify(bouncy.GetPublicKey());
        Assert.Equal(3, certificate.Version);
    }

    [Fact]
    public void CreateSelfSigned_ReturnsTheP256PrivateKey()
    {
        using var certificate = Create();
        using var key = certificate.GetECDsaPrivateKey();

        Assert.True(certificate.HasPrivateKey);
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        var signature = key.SignData("voucher"u8, HashAlgorithmName.SHA256);
        using var publicKey = certificate.GetECDsaPublicKey()!;
        Assert.True(publicKey.VerifyData("voucher"u8, signature, HashAlgorithmName.SHA256));
        Assert.Equal(EnrollmentOids.EcdsaWithSha256, certificate.SignatureAlgorithm.Value);
    }

    [Fact]
    public void CreateSelfSigned_BasicConstraints_CaFalseAndCritical()
    {
        using var certificate = Create();

        var basic = TestPki.Extension<X509BasicConstraintsExtension>(certificate);

        Assert.True(basic.Critical);
        Assert.False(basic.CertificateAuthority);
        Assert.False(basic.HasPathLengthConstraint);
    }

    [Fact]
    public void CreateSelfSigned_KeyUsage_DigitalSignatureOnlyAndCritical()
    {
        using var certificate = Create();

        var keyUsage = TestPki.Extension<X509KeyUsageExtension>(certificate);

        Assert.True(keyUsage.Critical);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, keyUsage.KeyUsages);
    }

    [Fact]
    public void CreateSelfSigned_SubjectKeyIdentifier_NonCriticalAndNoOtherExtensions()
    {
        using var certificate = Create();

        var ski = TestPki.Extension<X509SubjectKeyIdentifierExtension>(certificate);

        Assert.False(ski.Critical);
        Assert.Equal(20, ski.SubjectKeyIdentifierBytes.Length);
        // subjectKeyIdentifier, keyUsage, basicConstraints: nothing else.
        Assert.Equal(["2.5.29.14", "2.5.29.15", "2.5.29.19"], certificate.Extensions.Select(e => e.Oid!.Value!).Order(StringComparer.Ordinal));
        Assert.Empty(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>());
    }

    [Fact]
    public void CreateSelfSigned_FractionalNow_ValidFromTheWholeSecondForTheValidity()
    {
        var now = TestPki.Now.AddMilliseconds(750);

        using var certificate = Create(TimeSpan.FromDays(10), now);

        Assert.Equal(TestPki.Now.UtcDateTime, certificate.NotBefore.ToUniversalTime());
        Assert.Equal(TestPki.Now.AddDays(10).UtcDateTime, certificate.NotAfter.ToUniversalTime());
        Assert.True(certificate.NotBefore.ToUniversalTime() <= now.UtcDateTime, "a certificate created now must already be valid now");
    }

    [Fact]
    public void CreateSelfSigned_TwoCalls_DifferentKeysAndSerials()
    {
        using var first = Create();
        using var second = Create();

        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
        Assert.False(first.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(second.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    [Fact]
    public void CreateSelfSigned_NonPositiveValidityOrNullArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentNullException>(() => SigningCertificates.CreateSelfSigned(null!, TimeSpan.FromDays(1), TimeProvider.System));
        Assert.Throws<ArgumentNullException>(() => SigningCertificates.CreateSelfSigned(Subject, TimeSpan.FromDays(1), null!));
    }
}
