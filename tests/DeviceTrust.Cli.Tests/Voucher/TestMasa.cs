using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Enrollment.Vouchers;

namespace DeviceTrust.Cli.Tests.Voucher;

/// <summary>A MASA PKI made for the test: a root and the voucher-signing certificate it issues.</summary>
public sealed class TestMasa : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ECDsa _signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestMasa(string rootName = "CN=Test MASA Root")
    {
        Root = CertificateAuthority.CreateRoot(new X500DistinguishedName(rootName), TimeSpan.FromDays(3650), new FixedTimeProvider(Now));
        Signer = Root.IssueServerCertificate(new ServerCertificateRequest(
            _signingKey.ExportSubjectPublicKeyInfo(), new X500DistinguishedName("CN=masa.devicetrust.test"), TimeSpan.FromDays(365))
        {
            DnsNames = ["masa.devicetrust.test"],
        });
    }

    public CertificateAuthority Root { get; }

    public X509Certificate2 Signer { get; }

    /// <summary>application/voucher-cms+json: the JSON voucher in CMS SignedData, id-ct-animaJSONVoucher (RFC 8366 §5.1).</summary>
    public byte[] SignCms(VoucherArtifact voucher) =>
        CmsSignedMessage.Sign(VoucherJson.Write(voucher), Signer, _signingKey, EnrollmentOids.AnimaJsonVoucher);

    public void Dispose()
    {
        _signingKey.Dispose();
        Signer.Dispose();
    }
}
