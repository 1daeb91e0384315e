using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Credentials;

/// <summary>
/// What an enrolled device connects to the hub with: its LDevID as TLS client certificate, and the domain certificate
/// the voucher pinned (RFC 8995 5.6.2), which the server's certificate must chain to.
/// </summary>
public sealed class DeviceCredential : IDisposable
{
    public DeviceCredential(DeviceIdentity ldevid, X509Certificate2 domainTrustAnchor)
    {
        ArgumentNullException.ThrowIfNull(ldevid);
        ArgumentNullException.ThrowIfNull(domainTrustAnchor);
        Ldevid = ldevid;
        DomainTrustAnchor = domainTrustAnchor;
    }

    public DeviceIdentity Ldevid { get; }

    public X509Certificate2 DomainTrustAnchor { get; }

    public void Dispose()
    {
        Ldevid.Dispose();
        DomainTrustAnchor.Dispose();
    }
}
