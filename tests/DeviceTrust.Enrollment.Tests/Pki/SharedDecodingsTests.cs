using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Enrollment.Tests.Pki;

/// <summary>Certificates decoded once and public keys imported once (the enrollment path's caches) stay exact.</summary>
public sealed class SharedDecodingsTests : IDisposable
{
    private static readonly byte[] Data = "voucher-request"u8.ToArray();

    private readonly ECDsa _a = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _b = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly RSA _rsa = RSA.Create(2048);

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        _rsa.Dispose();
    }

    private byte[] NewCertificateDer(string subject)
    {
        using var certificate = new CertificateRequest(subject, _a, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        return certificate.RawData;
    }

    [Fact]
    public void DecodedCertificates_EqualBytesInAnotherArray_TheSameInstance_OtherBytesAnother()
    {
        var der = NewCertificateDer($"CN=shared {Guid.NewGuid():N}");

        var first = DecodedCertificates.Get(der);
        var again = DecodedCertificates.Get(der.ToArray());
        var other = DecodedCertificates.Get(NewCertificateDer($"CN=other {Guid.NewGuid():N}"));

        Assert.Same(first, again);
        Assert.NotSame(first, other);
        Assert.Equal(der, first.RawData);
    }

    [Fact]
    public void DecodedCertificates_CallerReusesItsArray_TheEntryStillStandsForTheBytesDecoded()
    {
        var der = NewCertificateDer($"CN=reused {Guid.NewGuid():N}");
        var original = der.ToArray();
        var decoded = DecodedCertificates.Get(der);

        der[^1] ^= 0xFF;

        Assert.Same(decoded, DecodedCertificates.Get(original));
        Assert.Equal(original, decoded.RawData);
    }

    [Fact]
    public void DecodedCertificates_NotACertificate_Throws()
    {
        Assert.ThrowsAny<CryptographicException>(() => DecodedCertificates.Get([0x30, 0x03, 0x02, 0x01, 0x01]));
    }

    [Fact]
    public void PublicKeys_EachKeyVerifiesItsOwnSignatureOnly_WhileBothAreCached()
    {
        var spkiA = _a.ExportSubjectPublicKeyInfo();
        var spkiB = _b.ExportSubjectPublicKeyInfo();
        var byA = _a.SignData(Data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var byB = _b.SignData(Data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        Assert.True(PublicKeys.Verify(spkiA, isEcdsa: true, HashAlgorithmName.SHA256, Data, byA));
        Assert.True(PublicKeys.Verify(spkiB, isEcdsa: true, HashAlgorithmName.SHA256, Data, byB));
        Assert.False(PublicKeys.Verify(spkiA, isEcdsa: true, HashAlgorithmName.SHA256, Data, byB));
        Assert.False(PublicKeys.Verify(spkiB, isEcdsa: true, HashAlgorithmName.SHA256, Data, byA));
        Assert.False(PublicKeys.Verify(spkiA, isEcdsa: true, HashAlgorithmName.SHA256, "another request"u8, byA));
    }

    [Fact]
    public void PublicKeys_RsaPkcs1_VerifiesAndTheSameKeyClaimedAsEcdsaDoesNot()
    {
        var spki = _rsa.ExportSubjectPublicKeyInfo();
        var signature = _rsa.SignData(Data, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1);

        Assert.True(PublicKeys.Verify(spki, isEcdsa: false, HashAlgorithmName.SHA384, Data, signature));
        Assert.False(PublicKeys.Verify(spki, isEcdsa: true, HashAlgorithmName.SHA384, Data, signature));
        Assert.False(PublicKeys.Verify(spki, isEcdsa: false, HashAlgorithmName.SHA256, Data, signature));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x30, 0x02, 0x02, 0x00 })]
    public void PublicKeys_SignatureThatDoesNotDecode_False(byte[] signature)
    {
        Assert.False(PublicKeys.Verify(_a.ExportSubjectPublicKeyInfo(), isEcdsa: true, HashAlgorithmName.SHA256, Data, signature));
    }

    [Fact]
    public void PublicKeys_KeyThatDoesNotDecode_False()
    {
        Assert.False(PublicKeys.Verify([0x30, 0x00], isEcdsa: true, HashAlgorithmName.SHA256, Data, new byte[64]));
    }

    [Fact]
    public void VerifiedSignatures_KeyNamesBothTheCertificateAndTheIssuerKey()
    {
        var der = NewCertificateDer($"CN=memo {Guid.NewGuid():N}");
        var key = VerifiedSignatures.KeyOf(der, _a.ExportSubjectPublicKeyInfo());

        Assert.False(VerifiedSignatures.Contains(key));
        VerifiedSignatures.Add(key);

        Assert.True(VerifiedSignatures.Contains(VerifiedSignatures.KeyOf(der.ToArray(), _a.ExportSubjectPublicKeyInfo())));
        // The same certificate against another key, or one byte of it changed, is another question.
        Assert.False(VerifiedSignatures.Contains(VerifiedSignatures.KeyOf(der, _b.ExportSubjectPublicKeyInfo())));
        var changed = der.ToArray();
        changed[^1] ^= 0x01;
        Assert.False(VerifiedSignatures.Contains(VerifiedSignatures.KeyOf(changed, _a.ExportSubjectPublicKeyInfo())));
    }

    [Fact]
    public void ChainValidator_AfterAValidChain_TheSameCertificateWithAnotherSignature_StillFails()
    {
        var (root, issuing) = TestPki.DomainCa();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var device = TestPki.IssueDevice(issuing, key, serial: $"SN-{Guid.NewGuid():N}");
        Assert.True(ChainValidator.Validate(device, root.Certificate, TestPki.Now, [issuing.Certificate]).IsValid);

        // The signature is the certificate's last bytes: the remembered verdict was for the original bytes only.
        var tampered = device.RawData.ToArray();
        tampered[^1] ^= 0x01;
        using var forged = X509CertificateLoader.LoadCertificate(tampered);
        var verdict = ChainValidator.Validate(forged, root.Certificate, TestPki.Now, [issuing.Certificate]);

        Assert.Equal(ChainFailure.BadSignature, verdict.Failure);
        Assert.True(ChainValidator.Validate(device, root.Certificate, TestPki.Now, [issuing.Certificate]).IsValid);
    }

    [Fact]
    public async Task CertificateAuthority_IssuingOnManyThreadsAtOnce_EveryCertificateVerifies()
    {
        var (root, issuing) = TestPki.DomainCa();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // More signers at once than the pool keeps: key objects are borrowed, made when none is idle, and returned.
        var issued = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => TestPki.IssueDevice(issuing, key, serial: $"SN-{i}"))));

        try
        {
            Assert.All(issued, certificate => Assert.True(ChainValidator.Validate(certificate, root.Certificate, TestPki.Now, [issuing.Certificate]).IsValid));
            Assert.Equal(64, issued.Select(c => c.SerialNumber).Distinct().Count());
        }
        finally
        {
            foreach (var certificate in issued) certificate.Dispose();
        }
    }
}
