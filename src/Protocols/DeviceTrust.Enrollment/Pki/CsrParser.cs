using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>Strict DER decoding of a PKCS#10 request (RFC 2986 4); every defect names its field.</summary>
internal static class CsrParser
{
    private const string Where = "PKCS#10 CertificationRequest";

    public static CertificateSigningRequest Parse(byte[] der)
    {
        var parsed = BcInterop.ParseDer(der, Where);
        var request = Step(Where, "not a CertificationRequest SEQUENCE { info, signatureAlgorithm, signature }", () =>
        {
            var structure = CertificationRequest.GetInstance(parsed);
            _ = structure.GetCertificationRequestInfo().SubjectPublicKeyInfo;
            return new Pkcs10CertificationRequest((Asn1Sequence)structure.ToAsn1Object());
        });
        if (!request.GetDerEncoded().AsSpan().SequenceEqual(der))
            throw new EnrollmentFormatException("not DER: BER or non-canonical encoding (X.690 10)", Where);

        var info = request.GetCertificationRequestInfo();
        if (!info.Version.HasValue(0))
            throw new EnrollmentFormatException($"version {info.Version.Value} is not v1(0)", Where + ".version");
        var subject = Step(Where + ".subject", "malformed Name", () => info.Subject);
        var serials = Step(Where + ".subject", "malformed Name", () => subject.GetValueList(X509Name.SerialNumber));
        if (serials.Count > 1)
            throw new EnrollmentFormatException("more than one serialNumber attribute", Where + ".subject");
        var (keyType, curve, bits) = Step(Where + ".subjectPKInfo", "malformed or unknown public key", () => DescribeKey(info.SubjectPublicKeyInfo));
        var attributes = CsrAttributesReader.Read(info.Attributes, Where + ".attributes");

        return new CertificateSigningRequest(request, (byte[])der.Clone())
        {
            Subject = new X500DistinguishedName(subject.GetDerEncoded()),
            CommonName = subject.GetValueList(X509Name.CN).FirstOrDefault(),
            SerialNumber = serials.FirstOrDefault(),
            SubjectPublicKeyInfo = info.SubjectPublicKeyInfo.GetDerEncoded(),
            KeyType = keyType,
            Curve = curve,
            KeySizeBits = bits,
            SignatureAlgorithmOid = request.SignatureAlgorithm.Algorithm.Id,
            ChallengePassword = attributes.ChallengePassword,
            UnstructuredName = attributes.UnstructuredName,
        };
    }

    private static (CsrKeyType, string?, int) DescribeKey(SubjectPublicKeyInfo spki)
    {
        var key = PublicKeyFactory.CreateKey(spki);
        return key switch
        {
            ECPublicKeyParameters ec => (CsrKeyType.Ec, CurveName(spki), ec.Parameters.Curve.FieldSize),
            RsaKeyParameters rsa => (CsrKeyType.Rsa, null, rsa.Modulus.BitLength),
            _ => (CsrKeyType.Other, null, 0),
        };
    }

    // RFC 5480 2.1.1: namedCurve is the only form PKIX allows; explicit parameters get no name.
    private static string? CurveName(SubjectPublicKeyInfo spki) =>
        spki.Algorithm.Parameters is DerObjectIdentifier oid
            ? oid.Id switch
            {
                EnrollmentOids.Secp256r1 => "P-256",
                EnrollmentOids.Secp384r1 => "P-384",
                _ => oid.Id,
            }
            : null;

    private static T Step<T>(string where, string what, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception e) when (BcInterop.IsDecodeFailure(e))
        {
            throw new EnrollmentFormatException($"{what} ({e.Message})", where, e);
        }
    }
}
