using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Cli.Tests.Infrastructure;

/// <summary>
/// A domain PKI as a test needs it: a root CA, the hub's TLS certificate for 127.0.0.1 under it, and LDevIDs under it
/// with the device serial in the subject, as the DeviceTrust registrar issues them.
/// </summary>
public sealed class TestDomain
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(1);

    private readonly CertificateAuthority _root =
        CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Test Domain Root"), Validity, TimeProvider.System);

    public X509Certificate2 Root => _root.Certificate;

    public X509Certificate2 IssueServerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = _root.IssueServerCertificate(new ServerCertificateRequest(
            key.ExportSubjectPublicKeyInfo(), new X500DistinguishedName("CN=Test Device Hub"), Validity)
        {
            IpAddresses = [IPAddress.Loopback],
        });
        using var withKey = certificate.CopyWithPrivateKey(key);
        // A PKCS#12 round trip gives a key the TLS stack can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>What an enrolled device holds: its LDevID and the domain root its voucher pinned.</summary>
    public DeviceCredential Enroll(string serial)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = _root.IssueDeviceCertificate(new DeviceCertificateRequest(
            key.ExportSubjectPublicKeyInfo(), serial, new Uri("http://127.0.0.1/crl"), Validity));
        return new DeviceCredential(new DeviceIdentity(certificate, key), X509CertificateLoader.LoadCertificate(Root.RawData));
    }
}
