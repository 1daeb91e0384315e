using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Credentials;

/// <summary>
/// What an enrolled device connects to the hub with: its LDevID as TLS client certificate, and the domain certificate
/// the voucher pinned (RFC 8995 5.6.2), which the server's certificate must chain to; and what it attests with, when
/// the factory gave it an attestation key.
/// </summary>
public sealed class DeviceCredential : IDisposable
{
    public DeviceCredential(DeviceIdentity ldevid, X509Certificate2 domainTrustAnchor, AttestationCredential? attestation = null)
    {
        ArgumentNullException.ThrowIfNull(ldevid);
        ArgumentNullException.ThrowIfNull(domainTrustAnchor);
        Ldevid = ldevid;
        DomainTrustAnchor = domainTrustAnchor;
        Attestation = attestation;
    }

    public DeviceIdentity Ldevid { get; }

    public X509Certificate2 DomainTrustAnchor { get; }

    /// <summary>The attestation key and its endorsement; null for a device whose factory (or whose storage, from before attestation) gave it none.</summary>
    public AttestationCredential? Attestation { get; }

    public void Dispose()
    {
        Ldevid.Dispose();
        DomainTrustAnchor.Dispose();
        Attestation?.Dispose();
    }
}
