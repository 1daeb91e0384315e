using DeviceTrust.Enrollment.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Cms;

namespace DeviceTrust.Enrollment.Cms;

/// <summary>Decodes a SignedData ContentInfo (RFC 5652 3, 5.1) with encapsulated content and exactly one signer.</summary>
internal static class CmsMessageReader
{
    public static CmsSignedData Read(byte[] cms, string where)
    {
        ArgumentNullException.ThrowIfNull(cms);
        var parsed = BcInterop.ParseDer(cms, where);
        CmsSignedData message;
        int signerCount;
        try
        {
            var contentInfo = ContentInfo.GetInstance(parsed);
            if (!contentInfo.ContentType.Equals(CmsObjectIdentifiers.SignedData))
                throw new EnrollmentFormatException($"contentType {contentInfo.ContentType.Id} is not id-signedData", where + ".contentType");
            message = new CmsSignedData(contentInfo);
            signerCount = message.GetSignerInfos().Count;
            _ = message.GetCertificates().EnumerateMatches(null).ToList();
        }
        catch (Exception e) when (BcInterop.IsDecodeFailure(e))
        {
            throw new EnrollmentFormatException($"not a CMS SignedData ContentInfo ({e.Message})", where, e);
        }
        // RFC 5652 5.2: eContent [0] EXPLICIT OCTET STRING OPTIONAL; absent means a detached signature.
        if (message.SignedData.EncapContentInfo.Content is not Asn1OctetString)
            throw new EnrollmentFormatException("no encapsulated content (detached signature)", where + ".encapContentInfo");
        if (signerCount != 1)
            throw new EnrollmentFormatException($"{signerCount} SignerInfos; exactly one expected", where + ".signerInfos");
        return message;
    }

    public static byte[] ContentOf(CmsSignedData message) =>
        ((Asn1OctetString)message.SignedData.EncapContentInfo.Content).GetOctets();
}
