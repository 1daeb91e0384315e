using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Nist;
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
        // BouncyCastle's strict parse decides what is well-formed; .NET checks the signature (OpenSSL, see below).
        var message = CmsMessageReader.Read(cms, Where);
        var contentType = message.SignedContentType.Id;
        var signerInfo = message.GetSignerInfos().GetSigners().Single();
        var signed = new SignedCms();
        try
        {
            signed.Decode(cms);
        }
        catch (CryptographicException e)
        {
            throw new EnrollmentFormatException($"not a CMS SignedData .NET can read ({e.Message})", Where, e);
        }
        var signer = signed.SignerInfos[0].Certificate;
        if (signer is null)
            return new CmsVerificationResult(CmsVerificationFailure.SignerCertificateMissing,
                "no certificate in the message matches the SignerInfo sid", contentType, null, null);

        if (!SignatureVerifies(signed.SignerInfos[0], signerInfo, message.SignedContentType))
            return new CmsVerificationResult(CmsVerificationFailure.BadSignature,
                $"signature by '{signer.Subject}' does not verify over the content", contentType, null, null);

        var certificates = signed.Certificates.ToList();
        if (trustAnchor is not null)
        {
            var chain = ChainValidator.Validate(signer, trustAnchor, at, certificates.Where(c => !c.RawDataMemory.Span.SequenceEqual(signer.RawDataMemory.Span)));
            if (!chain.IsValid)
                return new CmsVerificationResult(CmsVerificationFailure.UntrustedSigner,
                    $"signer does not chain to the trust anchor: {chain.Reason}", contentType, null, null, chain);
            return new CmsVerificationResult(CmsVerificationFailure.None, "valid", contentType,
                CmsMessageReader.ContentOf(message), signer, chain) { Certificates = certificates };
        }
        return new CmsVerificationResult(CmsVerificationFailure.None, "valid", contentType,
            CmsMessageReader.ContentOf(message), signer) { Certificates = certificates };
    }

    /// <summary>
    /// RFC 5652 5.4/5.6 and 11.1/11.2: the signature over the signed attributes (or the content), the message-digest
    /// attribute against the content, by the signer's key: System.Security.Cryptography.Pkcs, so OpenSSL's ECDSA rather
    /// than BouncyCastle's managed one. What SignedCms does not check, and BouncyCastle did, is checked here: the
    /// content-type attribute against eContentType (which is not itself signed), the attributes that must be signed
    /// (11.1-11.3) and the one that must not be (11.4), signed attributes for any content but id-data (5.3), a
    /// signing-time that decodes; and the digest is one of SHA-2 (RFC 5754), no SHA-1 or MD5.
    /// </summary>
    private static bool SignatureVerifies(System.Security.Cryptography.Pkcs.SignerInfo dotnet, SignerInformation bouncy, DerObjectIdentifier eContentType)
    {
        try
        {
            if (!AcceptedDigests.Contains(bouncy.DigestAlgorithmID.Algorithm.Id)) return false;
            if (bouncy.UnsignedAttributes is { } unsigned && MustBeSigned.Any(type => unsigned.GetAll(type).Count > 0)) return false;
            if (bouncy.SignedAttributes is null && !eContentType.Equals(CmsObjectIdentifiers.Data)) return false;
            if (bouncy.SignedAttributes is { } attributes)
            {
                if (attributes.GetAll(CmsAttributes.CounterSignature).Count > 0) return false;
                if (SingleValue(attributes, CmsAttributes.ContentType) is not DerObjectIdentifier type || !eContentType.Equals(type))
                    return false;
                if (attributes.GetAll(CmsAttributes.SigningTime).Count > 0)
                    _ = Org.BouncyCastle.Asn1.Cms.Time.GetInstance(SingleValue(attributes, CmsAttributes.SigningTime) ?? throw new ArgumentException("a malformed signing-time"));
            }
            dotnet.CheckSignature(verifySignatureOnly: true);
            return true;
        }
        catch (Exception e) when (e is CryptographicException || BcInterop.IsDecodeFailure(e))
        {
            return false;
        }
    }

    private static readonly HashSet<string> AcceptedDigests =
        [NistObjectIdentifiers.IdSha256.Id, NistObjectIdentifiers.IdSha384.Id, NistObjectIdentifiers.IdSha512.Id];

    private static readonly DerObjectIdentifier[] MustBeSigned = [CmsAttributes.ContentType, CmsAttributes.MessageDigest, CmsAttributes.SigningTime];

    /// <summary>The one value of the one attribute of that type, or null when there is not exactly one of each (RFC 5652 11).</summary>
    private static Asn1Object? SingleValue(Org.BouncyCastle.Asn1.Cms.AttributeTable attributes, DerObjectIdentifier type) =>
        attributes.GetAll(type) is { Count: 1 } all && Org.BouncyCastle.Asn1.Cms.Attribute.GetInstance(all[0]).AttrValues is { Count: 1 } values
            ? values[0].ToAsn1Object()
            : null;
}
