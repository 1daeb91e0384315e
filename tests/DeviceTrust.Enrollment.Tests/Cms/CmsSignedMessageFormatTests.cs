using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Enrollment.Tests.Pki;

namespace DeviceTrust.Enrollment.Tests.Cms;

public sealed class CmsSignedMessageFormatTests : IDisposable
{
    private static readonly byte[] VoucherRequest = """{"ietf-voucher-request:voucher":{"serial-number":"ACME-0042"}}"""u8.ToArray();

    private readonly ECDsa _pledgeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _idevid;

    public CmsSignedMessageFormatTests()
    {
        var manufacturer = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Acme Manufacturer CA"), TimeSpan.FromDays(3650),
            new FixedTimeProvider(TestPki.Now));
        _idevid = manufacturer.IssueIdevid(new IdevidRequest(_pledgeKey.ExportSubjectPublicKeyInfo(), "ACME-0042"));
    }

    public void Dispose() => _pledgeKey.Dispose();

    [Fact]
    public void Verify_CertsOnlyMessage_ThrowsNoEncapsulatedContent()
    {
        var error = Assert.Throws<EnrollmentFormatException>(() => CmsSignedMessage.Verify(CertsOnlyPkcs7.Build([_idevid])));

        Assert.EndsWith(".encapContentInfo", error.Where);
    }

    [Fact]
    public void Verify_Truncated_ThrowsEnrollmentFormatException()
    {
        var cms = CmsSignedMessage.Sign(VoucherRequest, _idevid, _pledgeKey);

        var error = Assert.Throws<EnrollmentFormatException>(() => CmsSignedMessage.Verify(cms[..^20]));

        Assert.Equal("CMS SignedData", error.Where);
    }

    [Fact]
    public void Verify_JsonInsteadOfCms_ThrowsEnrollmentFormatException()
    {
        Assert.Throws<EnrollmentFormatException>(() => CmsSignedMessage.Verify(VoucherRequest));
    }
}
