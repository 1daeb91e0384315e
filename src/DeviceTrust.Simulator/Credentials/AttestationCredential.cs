using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Credentials;

/// <summary>
/// What a device attests with, installed at the factory beside its IDevID: its attestation key (P-256, a key of its own,
/// never its IDevID or LDevID key: RFC 9334 §3.2) and the manufacturer's endorsement of it, a certificate naming the
/// device's serial, with the CA certificates above it. Owns (and disposes) the key and the certificates.
/// </summary>
public sealed class AttestationCredential : IDisposable
{
    /// <exception cref="ArgumentException">The key is not a P-256 key, or not the one the certificate certifies.</exception>
    public AttestationCredential(ECDsa privateKey, X509Certificate2 endorsement, IEnumerable<X509Certificate2>? chain = null)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentNullException.ThrowIfNull(endorsement);
        if (privateKey.KeySize != 256)
            throw new ArgumentException($"An attestation key signs ES256: P-256, not {privateKey.KeySize} bits.", nameof(privateKey));
        using var certified = endorsement.GetECDsaPublicKey()
            ?? throw new ArgumentException($"'{endorsement.Subject}' does not certify an EC key.", nameof(endorsement));
        if (!certified.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(privateKey.ExportSubjectPublicKeyInfo()))
            throw new ArgumentException($"The attestation key is not the one '{endorsement.Subject}' certifies.", nameof(privateKey));
        PrivateKey = privateKey;
        Endorsement = endorsement;
        Chain = (chain ?? []).ToList();
    }

    public ECDsa PrivateKey { get; }

    /// <summary>The endorsement certificate: the manufacturer's endorsement CA certifying <see cref="PrivateKey"/> for the serial.</summary>
    public X509Certificate2 Endorsement { get; }

    /// <summary>The CA certificates above <see cref="Endorsement"/>, issuer first; may be empty.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>
    /// The evidence's x5chain (RFC 9360 §2): the endorsement certificate, then the CA certificates that are not
    /// self-signed. The root is left out, as TLS leaves it out (RFC 8446 §4.4.2): the verifier holds it as its anchor.
    /// </summary>
    public IReadOnlyList<byte[]> X5Chain =>
        [Endorsement.RawData, .. Chain.Where(ca => !ca.SubjectName.RawData.AsSpan().SequenceEqual(ca.IssuerName.RawData)).Select(ca => ca.RawData)];

    /// <summary>Reads a private key PEM and a certificate PEM whose first block is the endorsement, further blocks its chain.</summary>
    /// <exception cref="CryptographicException">A PEM block cannot be decoded.</exception>
    /// <exception cref="ArgumentException">No certificate, or the key does not fit it.</exception>
    public static AttestationCredential FromPem(string privateKeyPem, string certificatesPem)
    {
        ArgumentNullException.ThrowIfNull(privateKeyPem);
        ArgumentNullException.ThrowIfNull(certificatesPem);
        var certificates = PemCertificates.Read(certificatesPem);
        var key = ECDsa.Create();
        try
        {
            if (certificates.Count == 0)
                throw new ArgumentException("The attestation certificate PEM holds no CERTIFICATE block.", nameof(certificatesPem));
            key.ImportFromPem(privateKeyPem);
            return new AttestationCredential(key, certificates[0], certificates.Skip(1));
        }
        catch
        {
            key.Dispose();
            foreach (var certificate in certificates)
                certificate.Dispose();
            throw;
        }
    }

    /// <summary>PKCS#8 "PRIVATE KEY" PEM (RFC 7468 10), unencrypted: the caller protects where it keeps it.</summary>
    public string ExportPrivateKeyPem() => PrivateKey.ExportPkcs8PrivateKeyPem();

    /// <summary>The endorsement certificate followed by its chain, as <see cref="FromPem"/> reads them.</summary>
    public string ExportCertificatesPem() => PemCertificates.Write([Endorsement, .. Chain]);

    /// <summary>An independent copy, for a holder whose lifetime differs from this one's.</summary>
    public AttestationCredential Copy() => FromPem(ExportPrivateKeyPem(), ExportCertificatesPem());

    public void Dispose()
    {
        PrivateKey.Dispose();
        Endorsement.Dispose();
        foreach (var certificate in Chain)
            certificate.Dispose();
    }
}
