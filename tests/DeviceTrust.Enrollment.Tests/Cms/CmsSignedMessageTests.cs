using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Enrollment.Tests.Pki;

namespace DeviceTrust.Enrollment.Tests.Cms;

public sealed class CmsSignedMessageTests : IDisposable
{
    private static readonly byte[] VoucherRequest =
        """{"ietf-voucher-request:voucher":{"created-on":"2026-03-01T12:00:00Z","nonce":"abc","serial-number":"ACME-0042"}}"""u8.ToArray();

    private readonly CertificateAuthority _manufacturer = CertificateAuthority.CreateRoot(
        new X500DistinguishedName("CN=Acme Manufacturer CA"), TimeSpan.FromDays(3650), new FixedTimeProvider(TestPki.Now));
    private readonly ECDsa _pledgeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _idevid;

    public CmsSignedMessageTests() =>
        _idevid = _manufacturer.IssueIdevid(new IdevidRequest(_pledgeKey.ExportSubjectPublicKeyInfo(), "ACME-0042") { Validity = TimeSpan.FromDays(365) });

    public void Dispose() => _pledgeKey.Dispose();

    [Fact]
    public void Verify_SignedVoucherRequest_ReturnsContentSignerAndContentType()
    {
        var cms = CmsSignedMessage.Sign(VoucherRequest, _idevid, _pledgeKey, EnrollmentOids.AnimaJsonVoucher);

        var result = CmsSignedMessage.Verify(cms, _manufacturer.Certificate, TestPki.Now.AddDays(1));

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(VoucherRequest, result.Content);
        Assert.Equal(_idevid.Thumbprint, result.Signer.Thumbprint);
        Assert.Equal(EnrollmentOids.AnimaJsonVoucher, result.ContentType);
    }

    [Fact]
    public void Verify_WithoutAnchor_ChecksTheSignatureOnly()
    {
        var cms = CmsSignedMessage.Sign(VoucherRequest, _idevid, _pledgeKey);

        var result = CmsSignedMessage.Verify(cms);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(EnrollmentOids.Data, result.ContentType);
        Assert.Null(result.Chain);
    }

    [Fact]
    public void Verify_ContentAlteredInTransit_BadSignature()
    {
        var cms = CmsSignedMessage.Sign(VoucherRequest, _idevid, _pledgeKey);
        var offset = cms.AsSpan().IndexOf("ACME-0042"u8);
        cms[offset + 8] = (byte)'3';

        var result = CmsSignedMessage.Verify(cms);

        Assert.Equal(CmsVerificationFailure.BadSignature, result.Failure);
        Assert.Null(result.Content);
    }

    [Fact]
    public void Verify_EContentTypeRelabelledInTransit_BadSignature()
    {
        // eContentType is not itself signed; the signed content-type attribute is, and must agree with it (RFC 5652 11.1),
        // or a voucher-request could be passed off as another kind of message.
        var cms = CmsSignedMessage.Sign(VoucherRequest, _idevid, _pledgeKey, EnrollmentOids.AnimaJsonVoucher);
        var info = Org.BouncyCastle.Asn1.Cms.ContentInfo.GetInstance(Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(cms));
        var signedData = Org.BouncyCastle.Asn1.Cms.SignedData.GetInstance(info.Content);
        var relabelled = new Org.BouncyCastle.Asn1.Cms.SignedData(signedData.DigestAlgorithms,
            new Org.BouncyCastle.Asn1.Cms.ContentInfo(new Org.BouncyCastle.Asn1.DerObjectIdentifier(EnrollmentOids.Data), signedData.EncapContentInfo.Content),
            signedData.Certificates, signedData.CRLs, signedData.SignerInfos);
        var tampered = new Org.BouncyCastle.Asn1.Cms.ContentInfo(info.ContentType, relabelled).GetDerEncoded();

        var result = CmsSignedMessage.Verify(tampered);

        Assert.Equal(CmsVerificationFailure.BadSignature, result.Failure);
        Assert.True(CmsSignedMessage.Verify(cms).IsValid);
    }

    [Theory]
    [InlineData("SHA256WITHECDSA", false, EnrollmentOids.AnimaJsonVoucher, true)]
    [InlineData("SHA256WITHECDSA", true, EnrollmentOids.Data, true)]
    [InlineData("SHA384WITHECDSA", false, EnrollmentOids.AnimaJsonVoucher, true)]
    [InlineData("SHA512WITHECDSA", false, EnrollmentOids.AnimaJsonVoucher, true)]
    // RFC 5754: no SHA-1 (nor MD5) as the message digest.
    [InlineData("SHA1WITHECDSA", false, EnrollmentOids.AnimaJsonVoucher, false)]
    // RFC 5652 5.3: without signed attributes nothing signs the content type, so only id-data may go without them.
    [InlineData("SHA256WITHECDSA", true, EnrollmentOids.AnimaJsonVoucher, false)]
    public void Verify_SignedByAnotherImplementation_AcceptsOnlyWhatRfc5652AndRfc5754Allow(string algorithm, bool withoutSignedAttributes, string contentType, bool valid)
    {
        var cms = SignWithBouncyCastle(algorithm, withoutSignedAttributes, contentType);

        var result = CmsSignedMessage.Verify(cms);

        Assert.Equal(valid ? CmsVerificationFailure.None : CmsVerificationFailure.BadSignature, result.Failure);
    }

    [Fact]
    public void Verify_ContentTypeAlsoAsAnUnsignedAttribute_BadSignature()
    {
        // RFC 5652 11.1: the content-type attribute MUST be a signed attribute; an unsigned copy says nobody signed it.
        var unsigned = new Org.BouncyCastle.Asn1.Cms.AttributeTable(new Org.BouncyCastle.Asn1.Asn1EncodableVector(new Org.BouncyCastle.Asn1.Cms.Attribute(
            Org.BouncyCastle.Asn1.Cms.CmsAttributes.ContentType, new Org.BouncyCastle.Asn1.DerSet(new Org.BouncyCastle.Asn1.DerObjectIdentifier(EnrollmentOids.Data)))));

        var result = CmsSignedMessage.Verify(SignWithBouncyCastle("SHA256WITHECDSA", false, EnrollmentOids.AnimaJsonVoucher, unsigned));

        Assert.Equal(CmsVerificationFailure.BadSignature, result.Failure);
    }

    [Theory]
    // RFC 5753 7.1.3: the key's own OID, the digest then being the digestAlgorithm.
    [InlineData("1.2.840.10045.2.1", true)]
    // ecdsa-with-SHA384 over a SHA-256 message digest: the SignerInfo contradicts itself (RFC 5754 3.3).
    [InlineData("1.2.840.10045.4.3.3", false)]
    // RSA PKCS#1 for an ECDSA signature.
    [InlineData("1.2.840.113549.1.1.11", false)]
    public void Verify_SignatureAlgorithmRelabelledInTransit_AcceptedOnlyWhereItAgreesWithTheDigestAndKey(string signatureAlgorithm, bool valid)
    {
        // signatureAlgorithm is not itself signed: the signature over the attributes still checks out with SHA-256.
        var cms = WithSignatureAlgorithm(SignWithBouncyCastle("SHA256WITHECDSA", false, EnrollmentOids.AnimaJsonVoucher), signatureAlgorithm);

        var result = CmsSignedMessage.Verify(cms);

        Assert.Equal(valid ? CmsVerificationFailure.None : CmsVerificationFailure.BadSignature, result.Failure);
    }

    private static byte[] WithSignatureAlgorithm(byte[] cms, string oid)
    {
        var contentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo.GetInstance(Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(cms));
        var signedData = Org.BouncyCastle.Asn1.Cms.SignedData.GetInstance(contentInfo.Content);
        var signerInfo = Org.BouncyCastle.Asn1.Cms.SignerInfo.GetInstance(signedData.SignerInfos[0]);
        var relabelled = new Org.BouncyCastle.Asn1.Cms.SignerInfo(signerInfo.SignerID, signerInfo.DigestAlgorithm, signerInfo.SignedAttrs,
            new Org.BouncyCastle.Asn1.X509.AlgorithmIdentifier(new Org.BouncyCastle.Asn1.DerObjectIdentifier(oid)), signerInfo.Signature,
            signerInfo.UnsignedAttrs);
        var rebuilt = new Org.BouncyCastle.Asn1.Cms.SignedData(signedData.DigestAlgorithms, signedData.EncapContentInfo, signedData.Certificates,
            signedData.CRLs, new Org.BouncyCastle.Asn1.DerSet(relabelled));
        return new Org.BouncyCastle.Asn1.Cms.ContentInfo(Org.BouncyCastle.Asn1.Cms.CmsObjectIdentifiers.SignedData, rebuilt).GetEncoded(Org.BouncyCastle.Asn1.Asn1Encodable.Der);
    }

    /// <summary>A voucher-request signed by BouncyCastle's own CMS stack, to shape what this library's signer would not.</summary>
    private byte[] SignWithBouncyCastle(string algorithm, bool withoutSignedAttributes, string contentType, Org.BouncyCastle.Asn1.Cms.AttributeTable? unsigned = null)
    {
        var key = Org.BouncyCastle.Security.PrivateKeyFactory.CreateKey(_pledgeKey.ExportPkcs8PrivateKey());
        var signer = new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(_idevid.RawData);
        var builder = new Org.BouncyCastle.Cms.SignerInfoGeneratorBuilder().SetDirectSignature(withoutSignedAttributes);
        if (unsigned is not null) builder = builder.WithUnsignedAttributeGenerator(new Org.BouncyCastle.Cms.SimpleAttributeTableGenerator(unsigned));
        var generator = new Org.BouncyCastle.Cms.CmsSignedDataGenerator();
        generator.AddSignerInfoGenerator(builder.Build(new Org.BouncyCastle.Crypto.Operators.Asn1SignatureFactory(algorithm, key), signer));
        generator.AddCertificates(Org.BouncyCastle.Utilities.Collections.CollectionUtilities.CreateStore([signer]));
        return generator.Generate(new Org.BouncyCastle.Cms.CmsProcessableByteArray(new Org.BouncyCastle.Asn1.DerObjectIdentifier(contentType), VoucherRequest),
            encapsulate: true).GetEncoded(Org.BouncyCastle.Asn1.Asn1Encodable.Der);
    }

    [Fact]
    public void Verify_SignedWithAnotherKey_BadSignature()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var result = CmsSignedMessage.Verify(CmsSignedMessage.Sign(VoucherRequest, _idevid, otherKey));

        Assert.Equal(CmsVerificationFailure.BadSignature, result.Failure);
    }

    [Fact]
    public void Verify_SignerFromAnotherManufacturer_UntrustedSignerWithWrongIssuer()
    {
        var other = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Other Manufacturer CA"), TimeSpan.FromDays(10), new FixedTimeProvider(TestPki.Now));
        var cms = CmsSignedMessage.Sign(VoucherRequest, _idevid, _pledgeKey);

        var result = CmsSignedMessage.Verify(cms, other.Certificate, TestPki.Now);

        Assert.Equal(CmsVerificationFailure.UntrustedSigner, result.Failure);
        Assert.Equal(ChainFailure.WrongIssuer, result.Chain!.Failure);
        Assert.Null(result.Content);
    }

    [Fact]
    public void Verify_AfterTheSignerExpired_UntrustedSignerWithExpired()
    {
        var cms = CmsSignedMessage.Sign(VoucherRequest, _idevid, _pledgeKey);

        var result = CmsSignedMessage.Verify(cms, _manufacturer.Certificate, TestPki.Now.AddDays(400));

        Assert.Equal(CmsVerificationFailure.UntrustedSigner, result.Failure);
        Assert.Equal(ChainFailure.Expired, result.Chain!.Failure);
    }

    [Fact]
    public void Verify_SignerUnderAnIntermediateSentAlong_ChainsToTheRoot()
    {
        var (root, issuing) = TestPki.DomainCa();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signer = TestPki.IssueDevice(issuing, key);

        var cms = CmsSignedMessage.Sign(VoucherRequest, signer, key, extraCertificates: [issuing.Certificate]);
        var result = CmsSignedMessage.Verify(cms, root.Certificate, TestPki.Now);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(3, result.Chain!.Path.Count);
    }

    [Fact]
    public void Sign_WithSigningTime_VerifiesAndCarriesThatTime()
    {
        var cms = CmsSignedMessage.Sign(VoucherRequest, _idevid, _pledgeKey, signingTime: TestPki.Now);

        var attributes = new Org.BouncyCastle.Cms.CmsSignedData(cms).GetSignerInfos().GetSigners().Single().SignedAttributes;
        var signingTime = attributes[Org.BouncyCastle.Asn1.Cms.CmsAttributes.SigningTime];

        Assert.True(CmsSignedMessage.Verify(cms).IsValid);
        Assert.Equal(TestPki.Now.UtcDateTime, Org.BouncyCastle.Asn1.Cms.Time.GetInstance(signingTime.AttrValues[0]).ToDateTime());
    }

    [Fact]
    public void Sign_WithoutSigningTime_HasOnlyContentTypeAndMessageDigest()
    {
        var cms = CmsSignedMessage.Sign(VoucherRequest, _idevid, _pledgeKey);

        var attributes = new Org.BouncyCastle.Cms.CmsSignedData(cms).GetSignerInfos().GetSigners().Single().SignedAttributes;

        Assert.Equal(2, attributes.Count);
        Assert.Null(attributes[Org.BouncyCastle.Asn1.Cms.CmsAttributes.SigningTime]);
    }
}
