using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Cms;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Enrollment.Tests.Pki;

namespace DeviceTrust.Enrollment.Tests.Cms;

/// <summary>
/// A voucher signed with a self-signed MASA certificate from <see cref="SigningCertificates"/>, checked by the real
/// openssl CLI with that certificate as the only trust anchor, as a pledge pinning its MASA does (RFC 8995 2.5.4).
/// </summary>
public sealed class MasaSignerOpenSslInteropTests : IDisposable
{
    private static readonly byte[] Voucher =
        """{"ietf-voucher:voucher":{"assertion":"proximity","serial-number":"ACME-0042","created-on":"2026-03-01T12:00:00Z"}}"""u8.ToArray();

    private readonly OpenSsl _openssl = new();
    private readonly X509Certificate2 _masa = SigningCertificates.CreateSelfSigned(
        new X500DistinguishedName("CN=Acme Sensors MASA (DEV-ONLY), O=Acme Sensors"), TimeSpan.FromDays(3650), new FixedTimeProvider(TestPki.Now));

    public MasaSignerOpenSslInteropTests()
    {
        _openssl.Write("masa.pem", _masa.ExportCertificatePem());
        _openssl.Write("voucher.cms", Sign(Voucher));
    }

    public void Dispose()
    {
        _masa.Dispose();
        _openssl.Dispose();
    }

    private byte[] Sign(byte[] content)
    {
        using var key = _masa.GetECDsaPrivateKey()!;
        return CmsSignedMessage.Sign(content, _masa, key, EnrollmentOids.AnimaJsonVoucher, signingTime: TestPki.Now);
    }

    private OpenSsl.Result Verify(string cms, string caFile, params string[] extra) =>
        _openssl.Run(["cms", "-verify", "-inform", "DER", "-in", cms, "-CAfile", caFile, "-attime", OpenSsl.AtTime(TestPki.Now.AddHours(1)),
            "-binary", "-out", cms + ".out", .. extra]);

    [Fact]
    public void OpenSslCmsVerify_PurposeAny_AcceptsTheSelfSignedMasaAsSignerAndAnchor()
    {
        var result = Verify("voucher.cms", "masa.pem", "-purpose", "any");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Verification successful", result.StdErr);
        Assert.Equal(Voucher, _openssl.Read("voucher.cms.out"));
    }

    [Fact]
    public void OpenSslCmsVerify_DefaultSmimeSignPurpose_AcceptsIt()
    {
        // digitalSignature and no extendedKeyUsage satisfy openssl's default S/MIME signing purpose as well.
        var result = Verify("voucher.cms", "masa.pem");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Voucher, _openssl.Read("voucher.cms.out"));
    }

    [Fact]
    public void OpenSslCmsPrint_ContentTypeIsAnimaJsonVoucher()
    {
        var printed = _openssl.Succeeds("cms", "-cmsout", "-print", "-inform", "DER", "-in", "voucher.cms", "-noout");

        Assert.Contains(EnrollmentOids.AnimaJsonVoucher, printed.StdOut);
    }

    [Fact]
    public void OpenSslCmsVerify_AnotherMasaAsAnchor_Refused()
    {
        using var other = SigningCertificates.CreateSelfSigned(
            new X500DistinguishedName("CN=Acme Sensors MASA (DEV-ONLY), O=Acme Sensors"), TimeSpan.FromDays(3650), new FixedTimeProvider(TestPki.Now));
        _openssl.Write("other.pem", other.ExportCertificatePem());

        var result = Verify("voucher.cms", "other.pem", "-purpose", "any");

        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public void OpenSslCmsVerify_TamperedContent_Refused()
    {
        var tampered = Sign(Voucher);
        tampered[tampered.AsSpan().IndexOf("ACME-0042"u8) + 8] = (byte)'3';
        _openssl.Write("tampered.cms", tampered);

        var result = Verify("tampered.cms", "masa.pem", "-purpose", "any");

        Assert.NotEqual(0, result.ExitCode);
    }
}
