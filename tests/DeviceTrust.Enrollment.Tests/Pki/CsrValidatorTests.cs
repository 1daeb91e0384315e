using System.Text;
using DeviceTrust.Enrollment.Est;
using DeviceTrust.Enrollment.Pki;
using Org.BouncyCastle.Asn1.Sec;

namespace DeviceTrust.Enrollment.Tests.Pki;

public class CsrValidatorTests
{
    private static readonly byte[] P256Csr = TestPki.Csr(TestPki.EcKeyPair(SecObjectIdentifiers.SecP256r1),
        challengePassword: "tls-unique-value", unstructuredName: "pledge.local");

    [Fact]
    public void Validate_BouncyCastleP256Csr_AcceptedWithSubjectKeyAndAttributes()
    {
        var result = CsrValidator.Validate(P256Csr);

        Assert.True(result.IsAccepted, result.Reason);
        var csr = result.Request;
        Assert.Equal("dev", csr.CommonName);
        Assert.Equal("SN-1", csr.SerialNumber);
        Assert.Equal(CsrKeyType.Ec, csr.KeyType);
        Assert.Equal("P-256", csr.Curve);
        Assert.Equal(256, csr.KeySizeBits);
        Assert.Equal(EnrollmentOids.EcdsaWithSha256, csr.SignatureAlgorithmOid);
        Assert.Equal("tls-unique-value", csr.ChallengePassword);
        Assert.Equal("pledge.local", csr.UnstructuredName);
        Assert.Equal(P256Csr, csr.RawData);
    }

    [Fact]
    public void Validate_P384WithSha384_Accepted()
    {
        var csr = TestPki.Csr(TestPki.EcKeyPair(SecObjectIdentifiers.SecP384r1), signatureAlgorithm: "SHA384WITHECDSA");

        var result = CsrValidator.Validate(csr);

        Assert.True(result.IsAccepted, result.Reason);
        Assert.Equal("P-384", result.Request.Curve);
    }

    [Fact]
    public void Validate_SubjectTamperedAfterSigning_ProofOfPossessionFailed()
    {
        var tampered = (byte[])P256Csr.Clone();
        var at = Encoding.ASCII.GetBytes("SN-1");
        var offset = tampered.AsSpan().IndexOf(at);
        tampered[offset + 3] = (byte)'2';

        var result = CsrValidator.Validate(tampered);

        Assert.Equal(CsrValidationStatus.ProofOfPossessionFailed, result.Status);
        Assert.Contains("proof of possession failed", result.Reason);
        Assert.Equal("SN-2", result.Request.SerialNumber);
    }

    [Fact]
    public void Validate_SignatureBitFlipped_ProofOfPossessionFailed()
    {
        var tampered = (byte[])P256Csr.Clone();
        tampered[^5] ^= 0x01;

        Assert.Equal(CsrValidationStatus.ProofOfPossessionFailed, CsrValidator.Validate(tampered).Status);
    }

    [Fact]
    public void Validate_Rsa1024_WeakKey()
    {
        var result = CsrValidator.Validate(TestPki.Csr(TestPki.RsaKeyPair(1024)));

        Assert.Equal(CsrValidationStatus.WeakKey, result.Status);
        Assert.Contains("1024", result.Reason);
    }

    [Fact]
    public void Validate_Rsa2048_Accepted()
    {
        var result = CsrValidator.Validate(TestPki.Csr(TestPki.RsaKeyPair(2048)));

        Assert.True(result.IsAccepted, result.Reason);
        Assert.Equal(2048, result.Request.KeySizeBits);
    }

    [Fact]
    public void Validate_P192_WeakKey()
    {
        var csr = TestPki.Csr(TestPki.EcKeyPair(SecObjectIdentifiers.SecP192r1));

        Assert.Equal(CsrValidationStatus.WeakKey, CsrValidator.Validate(csr).Status);
    }

    [Fact]
    public void Validate_P521_UnsupportedKeyAlgorithm()
    {
        var csr = TestPki.Csr(TestPki.EcKeyPair(SecObjectIdentifiers.SecP521r1), signatureAlgorithm: "SHA512WITHECDSA");

        var result = CsrValidator.Validate(csr);

        Assert.Equal(CsrValidationStatus.UnsupportedKeyAlgorithm, result.Status);
        Assert.Contains("1.3.132.0.35", result.Reason);
    }

    [Fact]
    public void Validate_EcdsaWithSha1_UnsupportedSignatureAlgorithm()
    {
        var csr = TestPki.Csr(TestPki.EcKeyPair(SecObjectIdentifiers.SecP256r1), signatureAlgorithm: "SHA1WITHECDSA");

        Assert.Equal(CsrValidationStatus.UnsupportedSignatureAlgorithm, CsrValidator.Validate(csr).Status);
    }
}
