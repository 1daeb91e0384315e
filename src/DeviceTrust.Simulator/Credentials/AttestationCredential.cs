using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Cose;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Credentials;

/// <summary>
/// What a device attests with, installed at the factory beside its IDevID: its attestation key (P-256, a key of its own,
/// never its IDevID or LDevID key: RFC 9334 §3.2) and the manufacturer's endorsement of it, a certificate naming the
/// device's serial, with the CA certificates above it; and, from a manufacturer that verifies its devices' evidence
/// itself, the per-device secret the factory embedded (<see cref="VendorSecret"/>). Owns (and disposes) the key and the
/// certificates, and lets go of the secret when disposed.
/// </summary>
public sealed class AttestationCredential : IDisposable
{
    private CoseSymmetricKey? _vendorSecret;
    private bool _disposed;

    /// <param name="vendorSecret">The factory's per-device secret for the MACed evidence of a VendorVerified class; it must have an id (kid).</param>
    /// <exception cref="ArgumentException">The key is not a P-256 key, or not the one the certificate certifies; the secret has no id.</exception>
    public AttestationCredential(ECDsa privateKey, X509Certificate2 endorsement, IEnumerable<X509Certificate2>? chain = null,
        CoseSymmetricKey? vendorSecret = null)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentNullException.ThrowIfNull(endorsement);
        if (privateKey.KeySize != 256)
            throw new ArgumentException($"An attestation key signs ES256: P-256, not {privateKey.KeySize} bits.", nameof(privateKey));
        using var certified = endorsement.GetECDsaPublicKey()
            ?? throw new ArgumentException($"'{endorsement.Subject}' does not certify an EC key.", nameof(endorsement));
        if (!certified.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(privateKey.ExportSubjectPublicKeyInfo()))
            throw new ArgumentException($"The attestation key is not the one '{endorsement.Subject}' certifies.", nameof(privateKey));
        // The evidence names the secret by its id, so the manufacturer's verifier can find it among its devices'.
        if (vendorSecret is not null && vendorSecret.KeyId is not { Length: > 0 })
            throw new ArgumentException("The vendor attestation secret has no id (kid).", nameof(vendorSecret));
        PrivateKey = privateKey;
        Endorsement = endorsement;
        Chain = (chain ?? []).ToList();
        _vendorSecret = vendorSecret;
    }

    public ECDsa PrivateKey { get; }

    /// <summary>The endorsement certificate: the manufacturer's endorsement CA certifying <see cref="PrivateKey"/> for the serial.</summary>
    public X509Certificate2 Endorsement { get; }

    /// <summary>The CA certificates above <see cref="Endorsement"/>, issuer first; may be empty.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>
    /// The per-device secret the factory embedded for the MACed evidence of a VendorVerified class (HMAC 256/256, kid =
    /// its id), which only the manufacturer's verifier holds besides the device; null when the manufacturer gave none.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The credential was disposed.</exception>
    public CoseSymmetricKey? VendorSecret
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _vendorSecret;
        }
    }

    /// <summary>
    /// The evidence's x5chain (RFC 9360 §2): the endorsement certificate, then the CA certificates that are not
    /// self-signed. The root is left out, as TLS leaves it out (RFC 8446 §4.4.2): the verifier holds it as its anchor.
    /// </summary>
    public IReadOnlyList<byte[]> X5Chain =>
        [Endorsement.RawData, .. Chain.Where(ca => !ca.SubjectName.RawData.AsSpan().SequenceEqual(ca.IssuerName.RawData)).Select(ca => ca.RawData)];

    /// <summary>
    /// Reads a private key PEM and a certificate PEM whose first block is the endorsement, further blocks its chain, and the
    /// vendor secret when there is one: base64 of its COSE_Key (RFC 9052 §7), as the factory hands it over.
    /// </summary>
    /// <exception cref="CryptographicException">A PEM block cannot be decoded.</exception>
    /// <exception cref="ArgumentException">No certificate, the key does not fit it, or the secret is not a symmetric COSE_Key with an id.</exception>
    public static AttestationCredential FromPem(string privateKeyPem, string certificatesPem, string? vendorSecretBase64 = null)
    {
        ArgumentNullException.ThrowIfNull(privateKeyPem);
        ArgumentNullException.ThrowIfNull(certificatesPem);
        var vendorSecret = vendorSecretBase64 is null ? null : DecodeVendorSecret(vendorSecretBase64);
        var certificates = PemCertificates.Read(certificatesPem);
        var key = ECDsa.Create();
        try
        {
            if (certificates.Count == 0)
                throw new ArgumentException("The attestation certificate PEM holds no CERTIFICATE block.", nameof(certificatesPem));
            key.ImportFromPem(privateKeyPem);
            return new AttestationCredential(key, certificates[0], certificates.Skip(1), vendorSecret);
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

    /// <summary>The vendor secret as <see cref="FromPem"/> reads it (base64 of its COSE_Key), or null: the caller protects where it keeps it.</summary>
    public string? ExportVendorSecret() => VendorSecret is { } secret ? Convert.ToBase64String(secret.Encode()) : null;

    /// <summary>An independent copy, for a holder whose lifetime differs from this one's.</summary>
    public AttestationCredential Copy() => FromPem(ExportPrivateKeyPem(), ExportCertificatesPem(), ExportVendorSecret());

    private static CoseSymmetricKey DecodeVendorSecret(string vendorSecretBase64)
    {
        // The messages name what is wrong, never the value: it is a secret.
        try
        {
            return CoseSymmetricKey.Decode(Convert.FromBase64String(vendorSecretBase64));
        }
        catch (FormatException e) // CoseFormatException included
        {
            throw new ArgumentException($"The vendor attestation secret is not base64 of a COSE_Key ({e.GetType().Name}).", nameof(vendorSecretBase64), e);
        }
        catch (NotSupportedException e)
        {
            throw new ArgumentException("The vendor attestation secret is not a symmetric COSE_Key.", nameof(vendorSecretBase64), e);
        }
    }

    public void Dispose()
    {
        // CoseSymmetricKey cannot be cleared; dropping it leaves nothing here that refers to it.
        _disposed = true;
        _vendorSecret = null;
        PrivateKey.Dispose();
        Endorsement.Dispose();
        foreach (var certificate in Chain)
            certificate.Dispose();
    }
}
