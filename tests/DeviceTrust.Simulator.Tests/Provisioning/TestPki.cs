using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Enrollment.Vouchers;
using DeviceTrust.Simulator.Provisioning;
using Microsoft.Extensions.Time.Testing;

namespace DeviceTrust.Simulator.Tests.Provisioning;

/// <summary>
/// Both sides' PKI, made for the test with DeviceTrust.Enrollment: a domain root, issuing CA and registrar TLS
/// certificate; a manufacturer IDevID CA, one IDevID and a self-signed MASA voucher signer.
/// </summary>
public sealed class TestPki : IDisposable
{
    public const string Serial = "ACME-T1-0001";
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private readonly ECDsa _registrarKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestPki()
    {
        DomainRoot = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Test Domain Root"), TimeSpan.FromDays(3650), Time);
        Issuing = DomainRoot.CreateIssuingCa(new X500DistinguishedName("CN=Test Issuing CA"), TimeSpan.FromDays(1825));
        Registrar = Issuing.IssueServerCertificate(new ServerCertificateRequest(_registrarKey.ExportSubjectPublicKeyInfo(),
            new X500DistinguishedName("CN=Test Registrar"), TimeSpan.FromDays(365))
        {
            DnsNames = ["localhost"], IpAddresses = [IPAddress.Loopback], IsRegistrar = true,
        });
        Manufacturer = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Acme IDevID CA"), TimeSpan.FromDays(3650), Time, pathLength: 0);
        Masa = SigningCertificates.CreateSelfSigned(new X500DistinguishedName("CN=Acme MASA"), TimeSpan.FromDays(3650), Time);
        Idevid = NewIdevid(Serial);
    }

    public FakeTimeProvider Time { get; } = new(Now);

    public CertificateAuthority DomainRoot { get; }

    public CertificateAuthority Issuing { get; }

    public X509Certificate2 Registrar { get; }

    public CertificateAuthority Manufacturer { get; }

    /// <summary>The MASA's voucher-signing certificate, with its key.</summary>
    public X509Certificate2 Masa { get; }

    public DeviceIdentity Idevid { get; }

    public PresentedCertificate PresentedRegistrar => new(Registrar, [Issuing.Certificate]);

    public DeviceIdentity NewIdevid(string serial)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = Manufacturer.IssueIdevid(new IdevidRequest(key.ExportSubjectPublicKeyInfo(), serial) { CommonName = $"Acme {serial}" });
        return new DeviceIdentity(certificate, key, [Manufacturer.Certificate], Masa);
    }

    /// <summary>The voucher a MASA would answer for this pledge's request, pinning the domain root.</summary>
    public Voucher VoucherFor(ReadOnlyMemory<byte> nonce, string serial = Serial) => new()
    {
        CreatedOn = Now,
        ExpiresOn = Now.AddDays(1),
        Assertion = VoucherAssertion.Proximity,
        SerialNumber = serial,
        Nonce = nonce,
        PinnedDomainCert = DomainRoot.Certificate.RawData,
    };

    public byte[] SignCms(Voucher voucher, X509Certificate2? signer = null)
    {
        signer ??= Masa;
        using var key = signer.GetECDsaPrivateKey()!;
        return CmsSignedMessage.Sign(VoucherJson.Write(voucher), signer, key, EnrollmentOids.AnimaJsonVoucher);
    }

    public byte[] SignCose(Voucher voucher)
    {
        using var key = Masa.GetECDsaPrivateKey()!;
        return ConstrainedVoucher.Sign(voucher, key);
    }

    /// <summary>An LDevID from the issuing CA for <paramref name="key"/>, as the registrar's EST would issue it.</summary>
    public X509Certificate2 IssueLdevid(ECDsa key, string serial = Serial, CertificateAuthority? issuer = null) =>
        (issuer ?? Issuing).IssueDeviceCertificate(new DeviceCertificateRequest(key.ExportSubjectPublicKeyInfo(), serial,
            new Uri("http://localhost:5080/pki/crl"), TimeSpan.FromDays(365)));

    public void Dispose()
    {
        Idevid.Dispose();
        Masa.Dispose();
        Registrar.Dispose();
        _registrarKey.Dispose();
    }
}
