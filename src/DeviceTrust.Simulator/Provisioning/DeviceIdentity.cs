using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Credentials;

namespace DeviceTrust.Simulator.Provisioning;

/// <summary>
/// What a device authenticates with (IEEE 802.1AR): its certificate and EC private key, the CA certificates between
/// it and its trust anchor, and for an IDevID the manufacturer's MASA certificate, which the pledge trusts to sign
/// vouchers (RFC 8995 2.3, 5.6.1), and the attestation key the factory installed beside it. The same type holds the
/// LDevID the domain issues. It owns (and disposes) the certificate, key and attestation credential it is given; the
/// chain and MASA certificates stay the caller's.
/// </summary>
public sealed class DeviceIdentity : IDisposable
{
    private readonly Lazy<X509Certificate2> _tlsCertificate;

    /// <exception cref="ArgumentException">The key is not the certificate's, or the certificate's key is not EC.</exception>
    /// <param name="attestation">For an IDevID: the attestation key the factory installed with it, when the manufacturer endorses one.</param>
    public DeviceIdentity(X509Certificate2 certificate, ECDsa privateKey, IEnumerable<X509Certificate2>? chain = null,
        X509Certificate2? masaCertificate = null, AttestationCredential? attestation = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(privateKey);
        using var publicKey = certificate.GetECDsaPublicKey()
            ?? throw new ArgumentException($"'{certificate.Subject}' does not hold an EC public key.", nameof(certificate));
        if (!publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(privateKey.ExportSubjectPublicKeyInfo()))
            throw new ArgumentException($"The private key does not belong to '{certificate.Subject}'.", nameof(privateKey));

        if (certificate.HasPrivateKey)
        {
            Certificate = certificate;
        }
        else
        {
            Certificate = certificate.CopyWithPrivateKey(privateKey);
            certificate.Dispose();
        }
        PrivateKey = privateKey;
        Chain = (chain ?? []).ToList();
        MasaCertificate = masaCertificate;
        Attestation = attestation;
        SerialNumber = DeviceCertificateFields.SubjectSerialNumber(Certificate);
        _tlsCertificate = new Lazy<X509Certificate2>(() => OperatingSystem.IsWindows()
            // SChannel cannot use an ephemeral key for client authentication; a PKCS#12 round trip persists it.
            ? X509CertificateLoader.LoadPkcs12(Certificate.Export(X509ContentType.Pkcs12), null)
            : Certificate);
    }

    /// <summary>The certificate, with <see cref="PrivateKey"/> attached.</summary>
    public X509Certificate2 Certificate { get; }

    public ECDsa PrivateKey { get; }

    /// <summary>CA certificates above <see cref="Certificate"/>, issuer first; may be empty.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>The voucher signer the manufacturer installed (an IDevID's); null for an LDevID.</summary>
    public X509Certificate2? MasaCertificate { get; }

    /// <summary>The attestation key installed at the factory with an IDevID; null for an LDevID, or a device without one.</summary>
    public AttestationCredential? Attestation { get; }

    /// <summary>The subject serialNumber attribute (2.5.4.5; RFC 8995 2.3.1), or null when the subject has none.</summary>
    public string? SerialNumber { get; }

    /// <summary>The certificate as a TLS client certificate.</summary>
    public X509Certificate2 TlsCertificate => _tlsCertificate.Value;

    /// <summary>
    /// Reads a certificate PEM (the first block is the device certificate, further blocks its chain), a private key
    /// PEM (PKCS#8 "PRIVATE KEY" or SEC 1 "EC PRIVATE KEY") and optionally the MASA certificate PEM, and takes the
    /// attestation credential the factory installed with it.
    /// </summary>
    /// <exception cref="CryptographicException">A PEM block cannot be decoded.</exception>
    /// <exception cref="ArgumentException">No certificate, or the key does not match it.</exception>
    public static DeviceIdentity FromPem(string certificatePem, string privateKeyPem, string? masaCertificatePem = null,
        string? chainPem = null, AttestationCredential? attestation = null)
    {
        ArgumentNullException.ThrowIfNull(certificatePem);
        ArgumentNullException.ThrowIfNull(privateKeyPem);
        var certificates = PemCertificates.Read(certificatePem);
        if (certificates.Count == 0)
            throw new ArgumentException("The certificate PEM holds no CERTIFICATE block.", nameof(certificatePem));
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(privateKeyPem);
            var chain = certificates.Skip(1).Concat(chainPem is null ? [] : PemCertificates.Read(chainPem));
            var masa = masaCertificatePem is null ? null : X509Certificate2.CreateFromPem(masaCertificatePem);
            return new DeviceIdentity(certificates[0], key, chain, masa, attestation);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public string ExportCertificatePem() => Certificate.ExportCertificatePem();

    /// <summary>PKCS#8 "PRIVATE KEY" PEM (RFC 7468 10), unencrypted: the caller protects the file.</summary>
    public string ExportPrivateKeyPem() => PrivateKey.ExportPkcs8PrivateKeyPem();

    public void Dispose()
    {
        if (_tlsCertificate.IsValueCreated && !ReferenceEquals(_tlsCertificate.Value, Certificate))
            _tlsCertificate.Value.Dispose();
        Certificate.Dispose();
        PrivateKey.Dispose();
        Attestation?.Dispose();
    }
}
