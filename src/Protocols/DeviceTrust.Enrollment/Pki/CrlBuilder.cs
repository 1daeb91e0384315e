using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>Builds a v2 CRL (RFC 5280 5) signed by a <see cref="CertificateAuthority"/>.</summary>
public static class CrlBuilder
{
    /// <summary>
    /// thisUpdate/nextUpdate (5.1.2.4/5.1.2.5), cRLNumber (5.2.3) and authorityKeyIdentifier (5.2.1), one entry per
    /// revoked serial with its revocationDate and, unless unspecified, a reasonCode (5.3.1). Returns DER.
    /// </summary>
    public static byte[] Build(CertificateAuthority issuer, long crlNumber, DateTimeOffset thisUpdate,
        DateTimeOffset nextUpdate, IEnumerable<RevokedCertificate> revoked)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(revoked);
        ArgumentOutOfRangeException.ThrowIfNegative(crlNumber);
        if (nextUpdate <= thisUpdate)
            throw new ArgumentException("nextUpdate must be later than thisUpdate (RFC 5280 5.1.2.5).", nameof(nextUpdate));

        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(issuer.BouncyCertificate.SubjectDN);
        generator.SetThisUpdate(BcInterop.ToX509Time(thisUpdate));
        generator.SetNextUpdate(BcInterop.ToX509Time(nextUpdate));
        var seen = new HashSet<Org.BouncyCastle.Math.BigInteger>();
        foreach (var entry in revoked)
        {
            var serial = RevokedCertificate.ParseSerial(entry.SerialNumber, nameof(revoked));
            if (!seen.Add(serial))
                throw new ArgumentException($"Serial {entry.SerialNumber} is listed twice.", nameof(revoked));
            if (entry.Reason is < RevocationReason.Unspecified or > RevocationReason.AaCompromise or (RevocationReason)7)
                throw new ArgumentException($"Reason {(int)entry.Reason} is not a CRLReason.", nameof(revoked));
            generator.AddCrlEntry(serial, BcInterop.ToX509Time(entry.RevocationDate), (int)entry.Reason);
        }
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false,
            new AuthorityKeyIdentifier(CertificateFactory.KeyIdentifierOf(issuer.BouncyCertificate)));
        generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(Org.BouncyCastle.Math.BigInteger.ValueOf(crlNumber)));
        return issuer.SigningKey.Sign(generator.Generate).GetEncoded();
    }
}
