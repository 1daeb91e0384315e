using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>The parts every certificate of this library shares: serial, validity, SKI/AKI and the signature.</summary>
internal static class CertificateFactory
{
    /// <summary>
    /// A random positive serial of exactly 16 octets: unpredictable (RFC 5280 4.1.2.2, at most 20 octets),
    /// first octet in 0x01..0x7F so the DER INTEGER needs no sign padding and never shrinks.
    /// </summary>
    public static BcBigInteger NewSerialNumber()
    {
        var bytes = RandomNumberGenerator.GetBytes(16);
        bytes[0] = (byte)((bytes[0] & 0x7F) | 0x01);
        return new BcBigInteger(1, bytes);
    }

    /// <summary>
    /// Builds and signs a v3 certificate. <paramref name="issuerKeyId"/> null means self-signed: the AKI then
    /// repeats the subject's own key identifier (RFC 5280 4.2.1.1).
    /// </summary>
    public static BcCertificate Create(
        X509Name issuer, SigningKey issuerKey, byte[]? issuerKeyId,
        X509Name subject, SubjectPublicKeyInfo subjectKey, DateTime notBefore, DateTime notAfter,
        Action<X509V3CertificateGenerator> addProfileExtensions)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(NewSerialNumber());
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(notBefore);
        generator.SetNotAfter(notAfter);
        generator.SetSubjectPublicKeyInfo(subjectKey);

        // RFC 5280 4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING.
        var ski = X509ExtensionUtilities.CreateSubjectKeyIdentifier(subjectKey);
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, ski);
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false,
            new AuthorityKeyIdentifier(issuerKeyId ?? ski.GetKeyIdentifier()));
        addProfileExtensions(generator);
        return issuerKey.Sign(generator.Generate);
    }

    /// <summary>The key identifier of a CA certificate: its SKI, or the RFC 5280 4.2.1.2 (1) value when absent.</summary>
    public static byte[] KeyIdentifierOf(BcCertificate certificate)
    {
        var extension = certificate.GetExtensionValue(X509Extensions.SubjectKeyIdentifier);
        return extension is null
            ? X509ExtensionUtilities.CreateSubjectKeyIdentifier(certificate.SubjectPublicKeyInfo).GetKeyIdentifier()
            : SubjectKeyIdentifier.GetInstance(X509ExtensionUtilities.FromExtensionValue(extension)).GetKeyIdentifier();
    }

    public static SubjectPublicKeyInfo ParseSubjectPublicKeyInfo(byte[] der)
    {
        const string where = "SubjectPublicKeyInfo";
        var parsed = BcInterop.ParseDer(der, where);
        try
        {
            var spki = SubjectPublicKeyInfo.GetInstance(parsed);
            Org.BouncyCastle.Security.PublicKeyFactory.CreateKey(spki);
            return spki;
        }
        catch (Exception e) when (BcInterop.IsDecodeFailure(e))
        {
            throw new EnrollmentFormatException($"not a usable public key ({e.Message})", where, e);
        }
    }

    /// <summary>digitalSignature, plus keyAgreement for EC keys (ECDH, RFC 5480 3) when asked.</summary>
    public static KeyUsage EndEntityKeyUsage(SubjectPublicKeyInfo key, bool keyAgreementForEc) =>
        new(KeyUsage.DigitalSignature | (keyAgreementForEc && IsEc(key) ? KeyUsage.KeyAgreement : 0));

    public static bool IsEc(SubjectPublicKeyInfo key) => key.Algorithm.Algorithm.Id == EnrollmentOids.EcPublicKey;
}
