using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Est;
using DeviceTrust.Enrollment.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;

namespace DeviceTrust.Enrollment.Cms;

/// <summary>
/// The "certs-only" CMS message EST returns from cacerts and simpleenroll (RFC 7030 4.1.3, 4.2.3; RFC 5751 3.6.2.2):
/// a degenerate SignedData (RFC 5652 5.1) with no signers and no encapsulated content, carrying certificates.
/// <code>
/// SignedData ::= SEQUENCE { version CMSVersion, digestAlgorithms SET OF DigestAlgorithmIdentifier (empty),
///     encapContentInfo EncapsulatedContentInfo (id-data, eContent absent),
///     certificates [0] IMPLICIT CertificateSet OPTIONAL, crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
///     signerInfos SET OF SignerInfo (empty) }
/// </code>
/// </summary>
public static class CertsOnlyPkcs7
{
    private const string Where = "certs-only CMS SignedData";

    /// <summary>DER. The certificates are a DER SET, so they come back sorted by encoding, not in the given order.</summary>
    public static byte[] Build(IEnumerable<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var structures = certificates.Select(c => (Asn1Encodable)X509CertificateStructure.GetInstance(c.RawData)).ToArray();
        if (structures.Length == 0)
            throw new ArgumentException("A certs-only message needs at least one certificate.", nameof(certificates));
        var signedData = new SignedData(new DerSet(), new ContentInfo(CmsObjectIdentifiers.Data, null),
            new DerSet(structures), null, new DerSet());
        return new ContentInfo(CmsObjectIdentifiers.SignedData, signedData).GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>The EST body: base64 of the DER, in 64-character lines (RFC 7030 4.1.3).</summary>
    public static string BuildBase64(IEnumerable<X509Certificate2> certificates) => EstBase64.Encode(Build(certificates));

    /// <summary>The certificates, each a new instance the caller owns.</summary>
    public static IReadOnlyList<X509Certificate2> Parse(byte[] der) => Parse(der, shared: false);

    /// <summary>
    /// The certificates as shared decodings (<see cref="DecodedCertificates"/>, not to be disposed): for answers that carry
    /// the same certificates again and again, as cacerts does. A certificate new to the process is checked as strictly as
    /// <see cref="Parse(byte[])"/> checks it; one whose exact bytes were decoded before is taken as it was then.
    /// </summary>
    public static IReadOnlyList<X509Certificate2> ParseShared(byte[] der) => Parse(der, shared: true);

    private static IReadOnlyList<X509Certificate2> Parse(byte[] der, bool shared)
    {
        ArgumentNullException.ThrowIfNull(der);
        var parsed = BcInterop.ParseDer(der, Where);
        try
        {
            var contentInfo = ContentInfo.GetInstance(parsed);
            if (!contentInfo.ContentType.Equals(CmsObjectIdentifiers.SignedData))
                throw new EnrollmentFormatException($"contentType {contentInfo.ContentType.Id} is not id-signedData", Where + ".contentType");
            var signedData = SignedData.GetInstance(contentInfo.Content);
            if (signedData.SignerInfos.Count != 0)
                throw new EnrollmentFormatException($"{signedData.SignerInfos.Count} SignerInfo(s); certs-only has none", Where + ".signerInfos");
            if (signedData.EncapContentInfo.Content is not null)
                throw new EnrollmentFormatException("encapsulated content present; certs-only has none", Where + ".encapContentInfo");
            if (signedData.Certificates is not { Count: > 0 } set)
                throw new EnrollmentFormatException("no certificates", Where + ".certificates");
            return set.Cast<Asn1Encodable>().Select(choice => ToCertificate(choice, shared)).ToList();
        }
        catch (Exception e) when (BcInterop.IsDecodeFailure(e))
        {
            throw new EnrollmentFormatException($"not a CMS SignedData ContentInfo ({e.Message})", Where, e);
        }
    }

    /// <summary>Decodes an EST base64 body (line breaks tolerated) and parses it.</summary>
    public static IReadOnlyList<X509Certificate2> ParseBase64(string body) => Parse(EstBase64.Decode(body));

    /// <summary>As <see cref="ParseBase64"/>, the certificates as shared decodings (see <see cref="ParseShared"/>).</summary>
    public static IReadOnlyList<X509Certificate2> ParseSharedBase64(string body) => ParseShared(EstBase64.Decode(body));

    // CertificateChoices (RFC 5652 10.2.2): only the plain Certificate alternative, a SEQUENCE.
    private static X509Certificate2 ToCertificate(Asn1Encodable choice, bool shared)
    {
        if (choice is not Asn1Sequence sequence)
            throw new EnrollmentFormatException("a CertificateChoices other than Certificate (attribute or other certificate)", Where + ".certificates");
        var der = sequence.GetEncoded(Asn1Encodable.Der);
        // Bytes decoded before (the same CA certificates in every cacerts answer) are not parsed again.
        if (shared && DecodedCertificates.TryGet(der, out var known)) return known;
        var certificate = CertificateParsing.ParseCertificate(der, Where + ".certificates");
        return shared ? DecodedCertificates.Get(der) : BcInterop.ToDotNet(certificate);
    }
}
