using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X9;
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
        // BouncyCastle's strict parse decides what is well-formed; the signature is checked by .NET (OpenSSL, see below).
        var message = CmsMessageReader.Read(cms, Where);
        var contentType = message.SignedContentType.Id;
        var signerInfo = message.GetSignerInfos().GetSigners().Single();
        var carried = message.GetCertificates().EnumerateMatches(null).ToList();
        var signerBc = message.GetCertificates().EnumerateMatches(signerInfo.SignerID).FirstOrDefault();
        if (signerBc is null)
            return new CmsVerificationResult(CmsVerificationFailure.SignerCertificateMissing,
                "no certificate in the message matches the SignerInfo sid", contentType, null, null);

        var content = CmsMessageReader.ContentOf(message);
        var signer = DecodedCertificates.Get(signerBc.GetEncoded());
        if (!SignatureVerifies(signerInfo, signerBc, content, message.SignedContentType))
            return new CmsVerificationResult(CmsVerificationFailure.BadSignature,
                $"signature by '{signer.Subject}' does not verify over the content", contentType, null, null);

        var certificates = carried.Select(c => c.Equals(signerBc) ? signer : DecodedCertificates.Get(c.GetEncoded())).ToList();
        if (trustAnchor is not null)
        {
            var chain = ChainValidator.Validate(signer, trustAnchor, at, certificates.Where(c => !c.RawDataMemory.Span.SequenceEqual(signer.RawDataMemory.Span)));
            if (!chain.IsValid)
                return new CmsVerificationResult(CmsVerificationFailure.UntrustedSigner,
                    $"signer does not chain to the trust anchor: {chain.Reason}", contentType, null, null, chain);
            return new CmsVerificationResult(CmsVerificationFailure.None, "valid", contentType, content, signer, chain) { Certificates = certificates };
        }
        return new CmsVerificationResult(CmsVerificationFailure.None, "valid", contentType, content, signer) { Certificates = certificates };
    }

    /// <summary>
    /// RFC 5652 5.4/5.6 and 11.1/11.2: the signature over the DER of the signed attributes (or over the content when
    /// there are none), the message-digest attribute against the content, by the signer's key, checked by OpenSSL through
    /// <see cref="PublicKeys"/>. Also held: the content-type attribute equals eContentType (which is not itself signed),
    /// the attributes that must be signed are (11.1-11.3) and the one that must not be is not (11.4), id-data is the
    /// only content that may go without signed attributes (5.3), a signing-time decodes, the digest is SHA-2 (RFC 5754,
    /// no SHA-1 or MD5), and an algorithm-specific signature OID names that same digest (RFC 5754 3.2, RFC 5758 3.2).
    /// </summary>
    private static bool SignatureVerifies(SignerInformation signerInfo, BcCertificate signer, byte[] content, DerObjectIdentifier eContentType)
    {
        try
        {
            if (!AcceptedDigests.TryGetValue(signerInfo.DigestAlgorithmID.Algorithm.Id, out var hash)) return false;
            if (SignatureAlgorithm(signerInfo.SignatureAlgorithm.Algorithm.Id, hash) is not { } isEcdsa) return false;
            if (signerInfo.UnsignedAttributes is { } unsigned && MustBeSigned.Any(type => unsigned.GetAll(type).Count > 0)) return false;
            if (signerInfo.SignedAttributes is null && !eContentType.Equals(CmsObjectIdentifiers.Data)) return false;
            byte[] signedBytes = content;
            if (signerInfo.SignedAttributes is { } attributes)
            {
                if (attributes.GetAll(CmsAttributes.CounterSignature).Count > 0) return false;
                if (SingleValue(attributes, CmsAttributes.ContentType) is not DerObjectIdentifier type || !eContentType.Equals(type))
                    return false;
                if (SingleValue(attributes, CmsAttributes.MessageDigest) is not Asn1OctetString digest
                    || !CryptographicOperations.FixedTimeEquals(digest.GetOctets(), Digest(hash, content)))
                    return false;
                if (attributes.GetAll(CmsAttributes.SigningTime).Count > 0)
                    _ = Org.BouncyCastle.Asn1.Cms.Time.GetInstance(SingleValue(attributes, CmsAttributes.SigningTime) ?? throw new ArgumentException("a malformed signing-time"));
                signedBytes = signerInfo.GetEncodedSignedAttributes();
            }
            return PublicKeys.Verify(signer.CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded(), isEcdsa, hash, signedBytes, signerInfo.GetSignature());
        }
        catch (Exception e) when (e is CryptographicException || BcInterop.IsDecodeFailure(e))
        {
            return false;
        }
    }

    /// <summary>
    /// ECDSA (true) or RSA PKCS#1 v1.5 (false) for a SignerInfo signatureAlgorithm: the key's algorithm, which takes the
    /// digestAlgorithm (RFC 5753 7.1.3 allows id-ecPublicKey, RFC 3370 3.2 rsaEncryption), or one that names its digest,
    /// which must then be the digestAlgorithm. Null for anything else (RSASSA-PSS, EdDSA, a mismatched digest).
    /// </summary>
    private static bool? SignatureAlgorithm(string oid, HashAlgorithmName digest)
    {
        if (oid == X9ObjectIdentifiers.IdECPublicKey.Id) return true;
        if (oid == PkcsObjectIdentifiers.RsaEncryption.Id) return false;
        return DotNetSignatures.TryGetAlgorithm(oid, out var named) && named.Hash == digest ? named.IsEcdsa : null;
    }

    private static byte[] Digest(HashAlgorithmName hash, byte[] content) =>
        hash == HashAlgorithmName.SHA384 ? SHA384.HashData(content) : hash == HashAlgorithmName.SHA512 ? SHA512.HashData(content) : SHA256.HashData(content);

    private static readonly Dictionary<string, HashAlgorithmName> AcceptedDigests = new()
    {
        [NistObjectIdentifiers.IdSha256.Id] = HashAlgorithmName.SHA256,
        [NistObjectIdentifiers.IdSha384.Id] = HashAlgorithmName.SHA384,
        [NistObjectIdentifiers.IdSha512.Id] = HashAlgorithmName.SHA512,
    };

    private static readonly DerObjectIdentifier[] MustBeSigned = [CmsAttributes.ContentType, CmsAttributes.MessageDigest, CmsAttributes.SigningTime];

    /// <summary>The one value of the one attribute of that type, or null when there is not exactly one of each (RFC 5652 11).</summary>
    private static Asn1Object? SingleValue(Org.BouncyCastle.Asn1.Cms.AttributeTable attributes, DerObjectIdentifier type) =>
        attributes.GetAll(type) is { Count: 1 } all && Org.BouncyCastle.Asn1.Cms.Attribute.GetInstance(all[0]).AttrValues is { Count: 1 } values
            ? values[0].ToAsn1Object()
            : null;
}
