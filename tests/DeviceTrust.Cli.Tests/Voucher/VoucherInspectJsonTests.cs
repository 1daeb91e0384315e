using System.Text.Json;
using DeviceTrust.Enrollment.Vouchers;
using static DeviceTrust.Cli.Tests.Voucher.VoucherCli;

namespace DeviceTrust.Cli.Tests.Voucher;

using JsonVoucher = DeviceTrust.Enrollment.Vouchers.Voucher;

/// <summary>Unsigned RFC 8366 JSON vouchers, written by VoucherJson.</summary>
public sealed class VoucherInspectJsonTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Inspect_JsonVoucher_PrintsSerialAndSaysUnsigned()
    {
        var file = _folder.Write("voucher.json", VoucherJson.Write(TestVouchers.Voucher("DT-JSON-0001")));

        var run = await InspectAsync(file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("kind:      voucher\n", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("format:    JSON", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"serial-number\s+DT-JSON-0001", run.Output);
        Assert.Matches(@"assertion\s+logged", run.Output);
        Assert.Matches(@"expires-on\s+2027-03-01T12:00:00Z", run.Output);
        Assert.Matches(@"nonce\s+0102030405060708", run.Output);
        Assert.Contains("signature: none (unsigned JSON)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_JsonVoucherRequest_ReportsVoucherRequest()
    {
        var request = new VoucherRequest { SerialNumber = "DT-JSON-0002", ProximityRegistrarCert = new byte[] { 1, 2, 3 } };
        var file = _folder.Write("request.json", VoucherJson.Write(request));

        var run = await InspectAsync(file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("kind:      voucher-request", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"proximity-registrar-cert\s+3 bytes, SHA-256 [0-9A-F]{64}, not an X.509 certificate", run.Output);
    }

    [Fact]
    public async Task Inspect_JsonVoucherWithTrust_ExitsOneBecauseItIsUnsigned()
    {
        var file = _folder.Write("voucher.json", VoucherJson.Write(TestVouchers.Voucher("DT-JSON-0003")));

        var run = await InspectAsync(file, "--trust", Vector("masa_ca.pem"));

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Matches(@"serial-number\s+DT-JSON-0003", run.Output);
        Assert.Contains("signature: FAILED: the voucher is unsigned JSON", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_JsonVoucherJsonOption_ReportsPinnedCertificate()
    {
        using var pki = new TestMasa();
        var voucher = TestVouchers.Voucher("DT-JSON-0004", pki.Root.ExportCertificateDer());
        var file = _folder.Write("voucher.json", VoucherJson.Write(voucher));

        var run = await InspectAsync(file, "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var report = JsonDocument.Parse(run.Output);
        var members = report.RootElement.GetProperty("members");
        Assert.Equal("DT-JSON-0004", members.GetProperty("serial-number").GetString());
        Assert.Equal("CN=Test MASA Root", members.GetProperty("pinned-domain-cert").GetProperty("subject").GetString());
        Assert.Equal("unsigned", report.RootElement.GetProperty("signature").GetProperty("status").GetString());
    }
}

/// <summary>Vouchers with every common member set, for the JSON and CMS tests.</summary>
public static class TestVouchers
{
    public static readonly DateTimeOffset CreatedOn = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static JsonVoucher Voucher(string serial, byte[]? pinnedDomainCert = null) => new()
    {
        SerialNumber = serial,
        CreatedOn = CreatedOn,
        ExpiresOn = CreatedOn.AddYears(1),
        Assertion = VoucherAssertion.Logged,
        Nonce = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 },
        PinnedDomainCert = pinnedDomainCert ?? new byte[] { 0x30, 0x00 },
    };
}
