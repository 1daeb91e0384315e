using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>Conversions between the .NET types of the public API and the BouncyCastle types used inside.</summary>
internal static class BcInterop
{
    /// <summary>Latest time X.509 can express: GeneralizedTime 99991231235959Z (RFC 5280 4.1.2.5).</summary>
    public static readonly DateTime MaxX509Time = new(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc);

    /// <summary>
    /// The BouncyCastle view of a certificate, parsed once per <see cref="X509Certificate2"/> instance: the shared
    /// decodings (<see cref="DecodedCertificates"/>: anchors, CA certificates in CMS messages) are validated against again
    /// and again.
    /// </summary>
    public static BcCertificate ToBouncy(X509Certificate2 certificate) =>
        Parsed.GetValue(certificate, static c => new BcCertificate(X509CertificateStructure.GetInstance(c.RawData)));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<X509Certificate2, BcCertificate> Parsed = new();

    /// <summary>The .NET certificate of a BouncyCastle one, which is remembered as its <see cref="ToBouncy"/> view.</summary>
    public static X509Certificate2 ToDotNet(BcCertificate certificate)
    {
        var converted = X509CertificateLoader.LoadCertificate(certificate.GetEncoded());
        // Same bytes: a certificate just issued or parsed is then validated without being parsed a second time.
        Parsed.AddOrUpdate(converted, certificate);
        return converted;
    }

    public static X509Name ToX509Name(X500DistinguishedName name) => X509Name.GetInstance(name.RawData);

    public static X500DistinguishedName ToX500(X509Name name) => new(name.GetDerEncoded());

    /// <summary>X.509 times carry whole seconds in UTC (RFC 5280 4.1.2.5.1/4.1.2.5.2).</summary>
    public static DateTime ToX509Time(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var truncated = new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        return truncated > MaxX509Time ? MaxX509Time : truncated;
    }

    /// <summary>now + validity, saturating at 99991231235959Z instead of overflowing.</summary>
    public static DateTime AddValidity(DateTime notBefore, TimeSpan validity) =>
        validity >= MaxX509Time - notBefore ? MaxX509Time : notBefore + validity;

    /// <summary>Decodes one DER object, rejecting trailing bytes and truncation, naming the structure on failure.</summary>
    public static Asn1Object ParseDer(ReadOnlySpan<byte> der, string where)
    {
        if (der.IsEmpty)
            throw new EnrollmentFormatException("empty input", where);
        try
        {
            return Asn1Object.FromByteArray(der.ToArray());
        }
        catch (Exception e) when (IsDecodeFailure(e))
        {
            throw new EnrollmentFormatException($"not a single well-formed DER object ({e.Message})", where, e);
        }
    }

    /// <summary>The exception types BouncyCastle raises for malformed encodings, to be wrapped at the boundary.</summary>
    public static bool IsDecodeFailure(Exception e) =>
        e is not EnrollmentFormatException && e is IOException or ArgumentException or InvalidCastException or InvalidOperationException or FormatException
            or IndexOutOfRangeException or SecurityUtilityException or CryptoException
            or GeneralSecurityException or Org.BouncyCastle.Cms.CmsException or CryptographicException;
}
