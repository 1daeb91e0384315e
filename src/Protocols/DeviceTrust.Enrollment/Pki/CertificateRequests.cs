using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>
/// An LDevID for an enrolled device (RFC 8995 5.8 via EST): subject CN and serialNumber = the device serial
/// (RFC 8995 2.3.1), EKU clientAuth, a CRL distribution point. <see cref="SubjectPublicKeyInfo"/> is DER,
/// normally <see cref="CertificateSigningRequest.SubjectPublicKeyInfo"/>.
/// </summary>
public sealed record DeviceCertificateRequest(
    byte[] SubjectPublicKeyInfo, string DeviceSerialNumber, Uri CrlDistributionPoint, TimeSpan Validity)
{
    /// <summary>The subject CN; the device serial when null.</summary>
    public string? CommonName { get; init; }
}

/// <summary>A TLS server certificate, e.g. for the registrar / EST server (EKU serverAuth, SAN).</summary>
public sealed record ServerCertificateRequest(
    byte[] SubjectPublicKeyInfo, X500DistinguishedName Subject, TimeSpan Validity)
{
    public IReadOnlyList<string> DnsNames { get; init; } = [];

    public IReadOnlyList<IPAddress> IpAddresses { get; init; } = [];

    public Uri? CrlDistributionPoint { get; init; }

    /// <summary>
    /// Also id-kp-cmcRA and clientAuth: RFC 8995 2.5.3 requires id-kp-cmcRA of the registrar, which is also a TLS
    /// client towards the MASA.
    /// </summary>
    public bool IsRegistrar { get; init; }
}

/// <summary>
/// An IDevID issued by a manufacturer CA (IEEE 802.1AR; RFC 8995 2.3.1): serialNumber in the subject,
/// by default no well-defined expiration (GeneralizedTime 99991231235959Z, RFC 5280 4.1.2.5).
/// </summary>
public sealed record IdevidRequest(byte[] SubjectPublicKeyInfo, string DeviceSerialNumber)
{
    public string? CommonName { get; init; }

    public string? Organization { get; init; }

    /// <summary>Null for no well-defined expiration; always clipped to the issuing CA's notAfter.</summary>
    public TimeSpan? Validity { get; init; }

    /// <summary>keyUsage digitalSignature (+keyAgreement for EC), as IEEE 802.1AR IDevIDs usually carry.</summary>
    public bool IncludeKeyUsage { get; init; } = true;

    /// <summary>The MASA URI extension (RFC 8995 2.3.2), e.g. "masa.example.com" or a full https URI.</summary>
    public string? MasaUrl { get; init; }
}

/// <summary>
/// An attestation key's endorsement certificate (RFC 9334 §3.2: an endorsement binding an attester's key to the device):
/// the device's serial in the subject, as its IDevID names it, and a key used for digital signatures only.
/// </summary>
public sealed record AttestationKeyCertificateRequest(byte[] SubjectPublicKeyInfo, string DeviceSerialNumber)
{
    public string? CommonName { get; init; }

    public string? Organization { get; init; }

    /// <summary>Null for no well-defined expiration (the key lives as long as the device); clipped to the CA's notAfter.</summary>
    public TimeSpan? Validity { get; init; }
}
