using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>End-entity certificate profiles issued by a <see cref="CertificateAuthority"/>.</summary>
public sealed partial class CertificateAuthority
{
    /// <summary>An LDevID (RFC 8995 5.8, RFC 7030 4.2): clientAuth, CRL DP, CN + serialNumber subject.</summary>
    public X509Certificate2 IssueDeviceCertificate(DeviceCertificateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = CertificateFactory.ParseSubjectPublicKeyInfo(request.SubjectPublicKeyInfo);
        var subject = DistinguishedNames.Device(request.CommonName ?? request.DeviceSerialNumber, request.DeviceSerialNumber, null);
        return BcInterop.ToDotNet(Issue(subject, key, request.Validity, g =>
        {
            AddEndEntityExtensions(g, CertificateFactory.EndEntityKeyUsage(key, keyAgreementForEc: true));
            g.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_clientAuth));
            AddCrlDistributionPoint(g, request.CrlDistributionPoint);
        }));
    }

    /// <summary>A TLS server certificate (RFC 5280 4.2.1.6 SAN, 4.2.1.12 serverAuth).</summary>
    public X509Certificate2 IssueServerCertificate(ServerCertificateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.DnsNames.Count + request.IpAddresses.Count == 0)
            throw new ArgumentException("A server certificate needs at least one DNS name or IP address.", nameof(request));
        var key = CertificateFactory.ParseSubjectPublicKeyInfo(request.SubjectPublicKeyInfo);
        var names = request.DnsNames.Select(d => new GeneralName(GeneralName.DnsName, d))
            .Concat(request.IpAddresses.Select(ip => new GeneralName(GeneralName.IPAddress, new DerOctetString(ip.GetAddressBytes()))))
            .ToArray();
        KeyPurposeID[] usages = request.IsRegistrar
            ? [KeyPurposeID.id_kp_serverAuth, KeyPurposeID.id_kp_clientAuth, KeyPurposeID.id_kp_cmcRA]
            : [KeyPurposeID.id_kp_serverAuth];
        return BcInterop.ToDotNet(Issue(BcInterop.ToX509Name(request.Subject), key, request.Validity, g =>
        {
            AddEndEntityExtensions(g, CertificateFactory.EndEntityKeyUsage(key, keyAgreementForEc: false));
            g.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(usages));
            // RFC 5280 4.2.1.6: critical when the subject is empty.
            g.AddExtension(X509Extensions.SubjectAlternativeName, request.Subject.RawData.Length <= 2, new GeneralNames(names));
            if (request.CrlDistributionPoint is not null)
                AddCrlDistributionPoint(g, request.CrlDistributionPoint);
        }));
    }

    /// <summary>An IDevID from a manufacturer CA (IEEE 802.1AR, RFC 8995 2.3.1 and 2.3.2).</summary>
    public X509Certificate2 IssueIdevid(IdevidRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = CertificateFactory.ParseSubjectPublicKeyInfo(request.SubjectPublicKeyInfo);
        var subject = DistinguishedNames.Device(request.CommonName, request.DeviceSerialNumber, request.Organization);
        return BcInterop.ToDotNet(Issue(subject, key, request.Validity ?? TimeSpan.MaxValue, g =>
        {
            g.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
            if (request.IncludeKeyUsage)
                g.AddExtension(X509Extensions.KeyUsage, true, CertificateFactory.EndEntityKeyUsage(key, keyAgreementForEc: true));
            if (request.MasaUrl is not null)
                g.AddExtension(EnrollmentOids.MasaUrl, false, new DerIA5String(request.MasaUrl, validate: true));
        }));
    }

    /// <summary>
    /// An attestation key's endorsement certificate: serial in the subject, keyUsage digitalSignature only (the key signs
    /// evidence and nothing else: no key agreement, no TLS), not a CA.
    /// </summary>
    public X509Certificate2 IssueAttestationKeyCertificate(AttestationKeyCertificateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = CertificateFactory.ParseSubjectPublicKeyInfo(request.SubjectPublicKeyInfo);
        var subject = DistinguishedNames.Device(request.CommonName ?? $"{request.DeviceSerialNumber} attestation key", request.DeviceSerialNumber, request.Organization);
        return BcInterop.ToDotNet(Issue(subject, key, request.Validity ?? TimeSpan.MaxValue, g =>
            AddEndEntityExtensions(g, new KeyUsage(KeyUsage.DigitalSignature))));
    }

    private BcCertificate Issue(X509Name subject, SubjectPublicKeyInfo key, TimeSpan validity,
        Action<X509V3CertificateGenerator> addProfileExtensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validity, TimeSpan.Zero);
        var notBefore = BcInterop.ToX509Time(_time.GetUtcNow());
        if (notBefore > _certificate.NotAfter || notBefore < _certificate.NotBefore)
            throw new InvalidOperationException(
                $"CA '{_certificate.SubjectDN}' is not valid at {notBefore:O} (valid {_certificate.NotBefore:O} to {_certificate.NotAfter:O}).");
        // Clip to the issuer so no certificate outlives the CA that vouches for it.
        var notAfter = BcInterop.AddValidity(notBefore, validity);
        if (notAfter > _certificate.NotAfter)
            notAfter = _certificate.NotAfter;
        return CertificateFactory.Create(_certificate.SubjectDN, _signingKey, CertificateFactory.KeyIdentifierOf(_certificate),
            subject, key, notBefore, notAfter, addProfileExtensions);
    }

    private static void AddEndEntityExtensions(X509V3CertificateGenerator generator, KeyUsage keyUsage)
    {
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        generator.AddExtension(X509Extensions.KeyUsage, true, keyUsage);
    }

    // RFC 5280 4.2.1.13: one DistributionPoint with a fullName URI.
    private static void AddCrlDistributionPoint(X509V3CertificateGenerator generator, Uri url)
    {
        var name = new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, url.AbsoluteUri));
        generator.AddExtension(X509Extensions.CrlDistributionPoints, false,
            new CrlDistPoint([new DistributionPoint(new DistributionPointName(name), null, null)]));
    }
}
