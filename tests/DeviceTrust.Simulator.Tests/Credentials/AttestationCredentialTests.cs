using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Cose;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Tests.Attestation;
using DeviceTrust.Simulator.Tests.Infrastructure;

namespace DeviceTrust.Simulator.Tests.Credentials;

public sealed class AttestationCredentialTests
{
    private const string Serial = "ACME-T1-ACR-00001";

    [Fact]
    public void FromPem_WhatItExports_TheSameKeyAndCertificates()
    {
        using var issued = new TestEndorser().Issue(Serial);

        using var read = AttestationCredential.FromPem(issued.ExportPrivateKeyPem(), issued.ExportCertificatesPem());

        Assert.Equal(issued.PrivateKey.ExportSubjectPublicKeyInfo(), read.PrivateKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(issued.Endorsement.RawData, read.Endorsement.RawData);
        Assert.Equal(issued.Chain.Select(c => c.RawData), read.Chain.Select(c => c.RawData));
    }

    [Fact]
    public void FromPem_KeyTheCertificateDoesNotCertify_ArgumentException()
    {
        var endorser = new TestEndorser();
        using var issued = endorser.Issue(Serial);
        using var other = endorser.Issue(Serial);

        var error = Assert.Throws<ArgumentException>(() => AttestationCredential.FromPem(other.ExportPrivateKeyPem(), issued.ExportCertificatesPem()));

        Assert.Contains("not the one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPem_NoCertificate_ArgumentException()
    {
        using var issued = new TestEndorser().Issue(Serial);

        Assert.Throws<ArgumentException>(() => AttestationCredential.FromPem(issued.ExportPrivateKeyPem(), ""));
    }

    [Fact]
    public void X5Chain_EndorsementAndIntermediates_WithoutTheRootTheVerifierHolds()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = Ca("CN=Endorsement Root", rootKey).CreateSelfSigned(now.AddMinutes(-1), now.AddDays(1));
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediate = Ca("CN=Endorsement Intermediate", intermediateKey).Create(root, now.AddMinutes(-1), now.AddDays(1), [1]);
        using var intermediateWithKey = intermediate.CopyWithPrivateKey(intermediateKey);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leaf = new CertificateRequest($"CN={Serial} attestation key", key, HashAlgorithmName.SHA256)
            .Create(intermediateWithKey, now.AddMinutes(-1), now.AddDays(1), [2]);

        using var credential = new AttestationCredential(key, leaf,
            [X509CertificateLoader.LoadCertificate(intermediate.RawData), X509CertificateLoader.LoadCertificate(root.RawData)]);

        Assert.Equal([leaf.RawData, intermediate.RawData], credential.X5Chain);
    }

    [Fact]
    public void Constructor_P384Key_ArgumentException()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var now = DateTimeOffset.UtcNow;
        using var certificate = new CertificateRequest("CN=P-384", key, HashAlgorithmName.SHA384).CreateSelfSigned(now, now.AddDays(1));

        Assert.Throws<ArgumentException>(() => new AttestationCredential(key, certificate));
    }

    [Fact]
    public void FromPem_WhatItExportsWithAVendorSecret_TheSameSecretAndKid()
    {
        var secret = VendorVerifiedAttestationTests.NewSecret();
        using var issued = new TestEndorser().Issue(Serial, secret);

        using var read = AttestationCredential.FromPem(issued.ExportPrivateKeyPem(), issued.ExportCertificatesPem(), issued.ExportVendorSecret());
        using var copy = read.Copy();

        Assert.Equal(Convert.ToBase64String(secret.Encode()), issued.ExportVendorSecret());
        foreach (var credential in new[] { read, copy })
        {
            Assert.Equal(secret.ExportKeyValue(), credential.VendorSecret!.ExportKeyValue());
            Assert.Equal(secret.KeyId!.Value.ToArray(), credential.VendorSecret.KeyId!.Value.ToArray());
        }
    }

    [Fact]
    public void FromPem_NoVendorSecret_NoneAndNoneExported()
    {
        using var issued = new TestEndorser().Issue(Serial);

        using var copy = issued.Copy();

        Assert.Null(copy.VendorSecret);
        Assert.Null(copy.ExportVendorSecret());
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AQID")]
    [InlineData("oQEC")] // {1: 2}: an EC2 key type
    public void FromPem_VendorSecretNotASymmetricCoseKey_ArgumentExceptionNamingNoValue(string vendorSecret)
    {
        using var issued = new TestEndorser().Issue(Serial);

        var error = Assert.Throws<ArgumentException>(() => AttestationCredential.FromPem(issued.ExportPrivateKeyPem(), issued.ExportCertificatesPem(), vendorSecret));

        Assert.Equal("vendorSecretBase64", error.ParamName);
        Assert.DoesNotContain(vendorSecret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_VendorSecretWithoutKid_ArgumentException()
    {
        var secret = CoseSymmetricKey.FromBytes(RandomNumberGenerator.GetBytes(32), algorithm: CoseAlgorithms.HMAC256_256);

        Assert.Throws<ArgumentException>(() => new TestEndorser().Issue(Serial, secret));
    }

    [Fact]
    public void Dispose_WithVendorSecret_LetsGoOfIt()
    {
        var issued = new TestEndorser().Issue(Serial, VendorVerifiedAttestationTests.NewSecret());

        issued.Dispose();

        Assert.Throws<ObjectDisposedException>(() => issued.VendorSecret);
    }

    private static CertificateRequest Ca(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request;
    }
}
