using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Tests.Infrastructure;

/// <summary>
/// A domain CA on the real clock (TLS checks validity against it): the test server's TLS certificate and the
/// devices' LDevIDs, both issued by the root that devices pin as their domain trust anchor.
/// </summary>
public sealed class TestCa
{
    private static readonly Uri CrlDistributionPoint = new("http://127.0.0.1/pki/crl");

    public TestCa(string name = "Simulator Test Domain Root") =>
        Root = CertificateAuthority.CreateRoot(new X500DistinguishedName($"CN={name}"), TimeSpan.FromDays(30), TimeProvider.System);

    public CertificateAuthority Root { get; }

    /// <summary>A fresh copy of the root certificate: a <see cref="Credentials.DeviceCredential"/> disposes its anchor.</summary>
    public X509Certificate2 RootCopy() => X509CertificateLoader.LoadCertificate(Root.Certificate.RawData);

    /// <summary>A TLS server certificate for 127.0.0.1 and localhost, with its private key.</summary>
    public X509Certificate2 IssueServerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new ServerCertificateRequest(key.ExportSubjectPublicKeyInfo(), new X500DistinguishedName("CN=Simulator Test Server"),
            TimeSpan.FromDays(1))
        {
            DnsNames = ["localhost"],
            IpAddresses = [IPAddress.Loopback],
        };
        using var certificate = Root.IssueServerCertificate(request);
        using var withKey = certificate.CopyWithPrivateKey(key);
        // A PKCS#12 round trip gives a key every platform's TLS stack can serve with.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>An LDevID (P-256, subject CN and serialNumber = <paramref name="serial"/>) as EST would issue it.</summary>
    public DeviceIdentity IssueLdevid(string serial, TimeSpan? validity = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var certificate = Root.IssueDeviceCertificate(new DeviceCertificateRequest(key.ExportSubjectPublicKeyInfo(), serial,
                CrlDistributionPoint, validity ?? TimeSpan.FromDays(1)));
            return new DeviceIdentity(certificate, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
