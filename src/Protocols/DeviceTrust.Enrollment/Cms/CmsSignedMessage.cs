using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Utilities.Collections;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace DeviceTrust.Enrollment.Cms;

/// <summary>
/// CMS SignedData with encapsulated content and one signer whose certificate travels in the message (RFC 5652 5):
/// the shape of BRSKI's application/voucher-cms+json, where the pledge signs a voucher-request with its IDevID and
/// the MASA signs the voucher (RFC 8366 5.1, RFC 8995 3.3; eContentType id-ct-animaJSONVoucher).
/// </summary>
public static class CmsSignedMessage
{
    private const string Where = "CMS SignedData";

    /// <summary>
    /// Signs <paramref name="content"/> (SHA-256 with an ECDSA/RSA key; SHA-384 for P-384) and returns DER.
    /// <paramref name="contentType"/> defaults to id-data; <paramref name="signingTime"/> adds a signing-time attribute.
    /// </summary>
    public static byte[] Sign(byte[] content, X509Certificate2 signerCertificate, AsymmetricAlgorithm privateKey,
        string contentType = EnrollmentOids.Data, IEnumerable<X509Certificate2>? extraCertificates = null,
        DateTimeOffset? signingTime = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(signerCertificate);
        ArgumentNullException.ThrowIfNull(privateKey);
        var signer = BcInterop.ToBouncy(signerCertificate);
        var certificates = new List<BcCertificate> { signer };
        certificates.AddRange((extraCertificates ?? []).Select(BcInterop.ToBouncy));

        var generator = new CmsSignedDataGenerator();
        generator.AddSignerInfoGenerator(new SignerInfoGeneratorBuilder()
            .WithSignedAttributeGenerator(new CmsSignedAttributes(signingTime))
            .Build(DotNetSignatures.SignatureFactory(privateKey), signer));
        generator.AddCertificates(CollectionUtilities.CreateStore(certificates));
        var signed = generator.Generate(new CmsProcessableByteArray(new DerObjectIdentifier(contentType), content), encapsulate: true);
        return signed.GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>Checks the signature against the embedded signer certificate only.</summary>
    public static CmsVerificationResult Verify(byte[] cms) => VerifyCore(cms, null, default);

    /// <summary>
    /// Checks the signature, then that the signer chains to <paramref name="trustAnchor"/> at <paramref name="at"/>,
    /// using the message's other certificates as intermediates.
    /// </summary>
    public static CmsVerificationResult Verify(byte[] cms, X509Certificate2 trustAnchor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(trustAnchor);
        return VerifyCore(cms, trustAnchor, at);
    }

    private static CmsVerificationResult VerifyCore(byte[] cms, X509Certificate2? trustAnchor, DateTimeOffset at)
    {
        var message = CmsMessageReader.Read(cms, Where);
        var contentType = message.SignedContentType.Id;
        var signerInfo = message.GetSignerInfos().GetSigners().Single();
        var certificates = message.GetCertificates().EnumerateMatches(null).ToList();
        var signer = certificates.FirstOrDefault(c => signerInfo.SignerID.Match(c));
        if (signer is null)
            return new CmsVerificationResult(CmsVerificationFailure.SignerCertificateMissing,
                "no certificate in the message matches the SignerInfo sid", contentType, null, null);

        if (!VerifySignerInfo(signerInfo, signer))
            return new CmsVerificationResult(CmsVerificationFailure.BadSignature,
                $"signature by '{signer.SubjectDN}' does not verify over the content", contentType, null, null);

        var signerCertificate = BcInterop.ToDotNet(signer);
        if (trustAnchor is not null)
        {
            var chain = ChainValidator.Validate(signerCertificate, trustAnchor, at,
                certificates.Where(c => c != signer).Select(BcInterop.ToDotNet));
            if (!chain.IsValid)
                return new CmsVerificationResult(CmsVerificationFailure.UntrustedSigner,
                    $"signer does not chain to the trust anchor: {chain.Reason}", contentType, null, null, chain);
            return new CmsVerificationResult(CmsVerificationFailure.None, "valid", contentType,
                CmsMessageReader.ContentOf(message), signerCertificate, chain) { Certificates = certificates.Select(BcInterop.ToDotNet).ToList() };
        }
        return new CmsVerificationResult(CmsVerificationFailure.None, "valid", contentType,
            CmsMessageReader.ContentOf(message), signerCertificate) { Certificates = certificates.Select(BcInterop.ToDotNet).ToList() };
    }

    // Verify(publicKey) rather than Verify(certificate): the latter also rejects a signing-time outside the
    // certificate's validity, which is the chain check's business and would otherwise read as a bad signature.
    private static bool VerifySignerInfo(SignerInformation signerInfo, BcCertificate signer)
    {
        try
        {
            return signerInfo.Verify(signer.GetPublicKey());
        }
        catch (Exception e) when (BcInterop.IsDecodeFailure(e))
        {
            return false;
        }
    }
}
