using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Pki;

namespace DeviceTrust.Enrollment.Tests.Pki;

public class ServerAndIdevidProfileTests
{
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    [Fact]
    public void IssueServerCertificate_DnsNamesAndAddresses_AppearInSanWithServerAuth()
    {
        var (_, issuing) = TestPki.DomainCa();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var server = issuing.IssueServerCertificate(new ServerCertificateRequest(key.ExportSubjectPublicKeyInfo(),
            new X500DistinguishedName("CN=registrar.devicetrust.test"), TimeSpan.FromDays(90))
        {
            DnsNames = ["registrar.devicetrust.test", "localhost"],
            IpAddresses = [IPAddress.Loopback, IPAddress.IPv6Loopback],
        });

        var san = TestPki.Extension<X509SubjectAlternativeNameExtension>(server);
        Assert.Equal(["registrar.devicetrust.test", "localhost"], san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], san.EnumerateIPAddresses());
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], TestPki.Extension<X509EnhancedKeyUsageExtension>(server).EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, TestPki.Extension<X509KeyUsageExtension>(server).KeyUsages);
    }

    [Fact]
    public void IssueServerCertificate_Registrar_AddsCmcRaAndClientAuth()
    {
        var (_, issuing) = TestPki.DomainCa();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var server = issuing.IssueServerCertificate(new ServerCertificateRequest(key.ExportSubjectPublicKeyInfo(),
            new X500DistinguishedName("CN=registrar"), TimeSpan.FromDays(90)) { DnsNames = ["registrar"], IsRegistrar = true });

        Assert.Equal(["1.3.6.1.5.5.7.3.1", ClientAuth, EnrollmentOids.CmcRegistrationAuthority],
            TestPki.Extension<X509EnhancedKeyUsageExtension>(server).EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
    }

    [Fact]
    public void IssueServerCertificate_NoNames_ThrowsArgumentException()
    {
        var (_, issuing) = TestPki.DomainCa();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<ArgumentException>(() => issuing.IssueServerCertificate(
            new ServerCertificateRequest(key.ExportSubjectPublicKeyInfo(), new X500DistinguishedName("CN=x"), TimeSpan.FromDays(1))));
    }

    [Fact]
    public void IssueIdevid_ManufacturerCaWithoutExpiry_HasSerialNumberMasaUrlAndGeneralizedTime9999()
    {
        var manufacturer = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Acme Manufacturer CA, O=Acme"),
            TimeSpan.MaxValue, new FixedTimeProvider(TestPki.Now), pathLength: 0);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var idevid = manufacturer.IssueIdevid(new IdevidRequest(key.ExportSubjectPublicKeyInfo(), "ACME-0042")
        {
            Organization = "Acme",
            MasaUrl = "https://masa.acme.test",
        });

        Assert.Equal(["ACME-0042"], TestPki.SubjectValues(idevid, EnrollmentOids.SerialNumber));
        Assert.Equal(new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc), idevid.NotAfter.ToUniversalTime());
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, TestPki.Extension<X509KeyUsageExtension>(idevid).KeyUsages);
        Assert.Empty(idevid.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        var masa = idevid.Extensions[EnrollmentOids.MasaUrl];
        Assert.NotNull(masa);
        Assert.Equal("https://masa.acme.test", Org.BouncyCastle.Asn1.DerIA5String.GetInstance(masa.RawData).GetString());
    }

    [Fact]
    public void IssueIdevid_WithoutKeyUsage_OmitsKeyUsage()
    {
        var (_, issuing) = TestPki.DomainCa();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var idevid = issuing.IssueIdevid(new IdevidRequest(key.ExportSubjectPublicKeyInfo(), "SN-9") { IncludeKeyUsage = false, Validity = TimeSpan.FromDays(10) });

        Assert.Empty(idevid.Extensions.OfType<X509KeyUsageExtension>());
        Assert.Equal(TestPki.Now.AddDays(10).UtcDateTime, idevid.NotAfter.ToUniversalTime());
    }
}
