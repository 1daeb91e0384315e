using System.Text;
using System.Text.Json;
using static DeviceTrust.Cli.Tests.Voucher.VoucherCli;

namespace DeviceTrust.Cli.Tests.Voucher;

/// <summary>CMS-signed JSON vouchers (application/voucher-cms+json) signed by a MASA made in the test.</summary>
public sealed class VoucherInspectCmsTests : IDisposable
{
    private static readonly FixedTimeProvider InspectionTime = new(TestMasa.Now.AddDays(30));

    private readonly TestMasa _masa = new();
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        _masa.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Inspect_CmsVoucherTrustedWithItsRoot_ExitsZeroVerified()
    {
        var file = WriteCms("voucher.p7", "DT-CMS-0001");

        var run = await InspectAsync(InspectionTime, file, "--trust", WriteRoot(_masa));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("format:    CMS-signed JSON (application/voucher-cms+json, binary)", run.Output, StringComparison.Ordinal);
        Assert.Contains("content:   id-ct-animaJSONVoucher", run.Output, StringComparison.Ordinal);
        Assert.Contains("signer:    CN=masa.devicetrust.test", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"serial-number\s+DT-CMS-0001", run.Output);
        Assert.Contains("signature: verified with CN=Test MASA Root (signer CN=masa.devicetrust.test)", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Inspect_CmsVoucherWithAnotherRoot_ExitsOneFailed()
    {
        using var other = new TestMasa("CN=Other MASA Root");
        var file = WriteCms("voucher.p7", "DT-CMS-0002");

        var run = await InspectAsync(InspectionTime, file, "--trust", WriteRoot(other));

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Matches(@"serial-number\s+DT-CMS-0002", run.Output);
        Assert.Contains("signature: FAILED: signer does not chain to the trust anchor", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_CmsVoucherWithoutTrust_ExitsZeroNotCheckedButIntact()
    {
        var run = await InspectAsync(InspectionTime, WriteCms("voucher.p7", "DT-CMS-0003"));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("signature: not checked (no --trust); the CMS signature by its embedded signer is intact",
            run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_CmsVoucherSignerExpiredAtInspectionTime_ExitsOne()
    {
        var file = WriteCms("voucher.p7", "DT-CMS-0004");

        var run = await InspectAsync(new FixedTimeProvider(TestMasa.Now.AddYears(2)), file, "--trust", WriteRoot(_masa));

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("signature: FAILED: signer does not chain to the trust anchor", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_CmsContentAlteredInTransit_ExitsOneWithoutReleasingContent()
    {
        var cms = _masa.SignCms(TestVouchers.Voucher("DT-CMS-0005"));
        var offset = cms.AsSpan().IndexOf("DT-CMS-0005"u8);
        cms[offset + 10] = (byte)'6';

        var run = await InspectAsync(InspectionTime, _folder.Write("tampered.p7", cms), "--trust", WriteRoot(_masa));

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Contains("kind:      unknown", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("serial-number", run.Output, StringComparison.Ordinal);
        Assert.Contains("signature: FAILED: signature by", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CMS")]
    [InlineData("PKCS7")]
    public async Task Inspect_CmsVoucherInPem_DecodesAndVerifies(string label)
    {
        var cms = _masa.SignCms(TestVouchers.Voucher("DT-CMS-0006"));
        var file = _folder.Write("voucher.pem", new string(System.Security.Cryptography.PemEncoding.Write(label, cms)) + "\n");

        var run = await InspectAsync(InspectionTime, file, "--trust", WriteRoot(_masa));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("application/voucher-cms+json, PEM", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"serial-number\s+DT-CMS-0006", run.Output);
    }

    [Fact]
    public async Task Inspect_CmsVoucherInBase64_DecodesAsJsonReport()
    {
        var cms = _masa.SignCms(TestVouchers.Voucher("DT-CMS-0007"));
        var file = _folder.Write("voucher.b64", Convert.ToBase64String(cms, Base64FormattingOptions.InsertLineBreaks));

        var run = await InspectAsync(InspectionTime, file, "--trust", WriteRoot(_masa), "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var report = JsonDocument.Parse(run.Output);
        var root = report.RootElement;
        Assert.Equal("CMS-signed JSON", root.GetProperty("format").GetString());
        Assert.Equal("base64 text", root.GetProperty("encoding").GetString());
        Assert.Equal("1.2.840.113549.1.9.16.1.40", root.GetProperty("contentType").GetString());
        Assert.Equal("CN=masa.devicetrust.test", root.GetProperty("signer").GetProperty("subject").GetString());
        Assert.Equal("DT-CMS-0007", root.GetProperty("members").GetProperty("serial-number").GetString());
        Assert.Equal("verified", root.GetProperty("signature").GetProperty("status").GetString());
    }

    private string WriteCms(string name, string serial) => _folder.Write(name, _masa.SignCms(TestVouchers.Voucher(serial)));

    private string WriteRoot(TestMasa masa) =>
        _folder.Write($"{Guid.NewGuid():N}.pem", Encoding.ASCII.GetBytes(masa.Root.ExportCertificatePem()));
}
