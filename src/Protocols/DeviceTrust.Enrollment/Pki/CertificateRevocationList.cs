using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>Revocation status of one serial against one CRL at one time.</summary>
public enum RevocationStatus
{
    Good,
    Revoked,

    /// <summary>The CRL is not current at the time asked: before thisUpdate or after nextUpdate (RFC 5280 6.3.3 (a)).</summary>
    Unknown,
}

/// <summary>A decoded CRL (RFC 5280 5.1). Parsing does not verify the signature; <see cref="VerifySignature"/> does.</summary>
public sealed class CertificateRevocationList
{
    private readonly X509Crl _crl;
    private readonly Dictionary<Org.BouncyCastle.Math.BigInteger, RevokedCertificate> _entries;

    private CertificateRevocationList(X509Crl crl, Dictionary<Org.BouncyCastle.Math.BigInteger, RevokedCertificate> entries)
    {
        _crl = crl;
        _entries = entries;
    }

    public X500DistinguishedName Issuer => BcInterop.ToX500(_crl.IssuerDN);

    public DateTimeOffset ThisUpdate => new(_crl.ThisUpdate, TimeSpan.Zero);

    public DateTimeOffset? NextUpdate => _crl.NextUpdate is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;

    /// <summary>cRLNumber (RFC 5280 5.2.3), when present.</summary>
    public System.Numerics.BigInteger? CrlNumber { get; private init; }

    public IReadOnlyCollection<RevokedCertificate> Entries => _entries.Values;

    public static CertificateRevocationList Parse(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        const string where = "X.509 CRL";
        var parsed = BcInterop.ParseDer(der, where);
        try
        {
            var crl = new X509Crl(CertificateList.GetInstance(parsed));
            var entries = new Dictionary<Org.BouncyCastle.Math.BigInteger, RevokedCertificate>();
            foreach (var entry in crl.GetRevokedCertificates() ?? new HashSet<X509CrlEntry>())
            {
                var reasonExtension = entry.GetExtensionValue(X509Extensions.ReasonCode);
                var reason = reasonExtension is null
                    ? RevocationReason.Unspecified
                    : (RevocationReason)CrlReason.GetInstance(X509ExtensionUtilities.FromExtensionValue(reasonExtension)).IntValueExact;
                var revoked = new RevokedCertificate(RevokedCertificate.FormatSerial(entry.SerialNumber),
                    new DateTimeOffset(entry.RevocationDate, TimeSpan.Zero), reason);
                if (!entries.TryAdd(entry.SerialNumber, revoked))
                    throw new EnrollmentFormatException($"serial {revoked.SerialNumber} listed twice", where + ".revokedCertificates");
            }
            var number = crl.GetExtensionValue(X509Extensions.CrlNumber);
            return new CertificateRevocationList(crl, entries)
            {
                CrlNumber = number is null ? null : System.Numerics.BigInteger.Parse(
                    DerIntegerOf(number).ToString(), System.Globalization.CultureInfo.InvariantCulture),
            };
        }
        catch (Exception e) when (BcInterop.IsDecodeFailure(e))
        {
            throw new EnrollmentFormatException($"not a CertificateList ({e.Message})", where, e);
        }
    }

    public bool IsRevoked(string serialNumber) =>
        _entries.ContainsKey(RevokedCertificate.ParseSerial(serialNumber, nameof(serialNumber)));

    /// <summary>Revoked if listed; Unknown if the CRL is not current at <paramref name="at"/>; else Good.</summary>
    public RevocationStatus GetStatus(string serialNumber, DateTimeOffset at)
    {
        if (IsRevoked(serialNumber))
            return RevocationStatus.Revoked;
        return at < ThisUpdate || NextUpdate is null || at > NextUpdate ? RevocationStatus.Unknown : RevocationStatus.Good;
    }

    public RevokedCertificate? Find(string serialNumber) =>
        _entries.GetValueOrDefault(RevokedCertificate.ParseSerial(serialNumber, nameof(serialNumber)));

    /// <summary>The CRL's signature verifies with the issuer's key and the issuer names match (RFC 5280 6.3.3 (f), (g)).</summary>
    public bool VerifySignature(X509Certificate2 issuer)
    {
        var certificate = BcInterop.ToBouncy(issuer);
        if (!certificate.SubjectDN.Equivalent(_crl.IssuerDN))
            return false;
        try
        {
            return _crl.IsSignatureValid(DotNetSignatures.Verifier(certificate));
        }
        catch (Exception e) when (BcInterop.IsDecodeFailure(e))
        {
            return false;
        }
    }

    private static Org.BouncyCastle.Math.BigInteger DerIntegerOf(Org.BouncyCastle.Asn1.Asn1OctetString extension) =>
        Org.BouncyCastle.Asn1.DerInteger.GetInstance(X509ExtensionUtilities.FromExtensionValue(extension)).Value;
}
