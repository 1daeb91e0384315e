using System.Text.Json;
using static DeviceTrust.Cli.Tests.Voucher.VoucherCli;

namespace DeviceTrust.Cli.Tests.Voucher;

/// <summary>The constrained-voucher vectors (anima-wg/constrained-voucher, see TestVectors/voucher/PROVENANCE.md).</summary>
public sealed class VoucherInspectConstrainedTests : IDisposable
{
    // Key 11 (serial-number) of the voucher in voucher.cbordiag; the PVR and RVR carry the same pledge serial.
    private const string Serial = "JADA123456789";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Inspect_VoucherTrustedWithMasaCa_ExitsZeroAndPrintsSerial()
    {
        var run = await InspectAsync(Vector("voucher.hex"), "--trust", Vector("masa_ca.pem"));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("kind:      voucher\n", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("constrained COSE", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"serial-number\s+" + Serial, run.Output);
        Assert.Matches(@"nonce\s+57eed786ad404907", run.Output);
        Assert.Contains("signature: verified with C=NL, L=Helmond, O=vanderstok, CN=masa.stok.nl", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Theory]
    [InlineData("pledge.pem")]
    [InlineData("masa.pem")]
    public async Task Inspect_VoucherWithWrongKey_ExitsOneAndReportsFailure(string certificate)
    {
        var run = await InspectAsync(Vector("voucher.hex"), "--trust", Vector(certificate));

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        Assert.Matches(@"serial-number\s+" + Serial, run.Output);
        Assert.Contains("signature: FAILED: the COSE signature does not verify", run.Output, StringComparison.Ordinal);
        Assert.Contains("FAILED", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_PledgeVoucherRequestWithPledgeCertificate_ExitsZero()
    {
        var run = await InspectAsync(Vector("pvr.hex"), "--trust", Vector("pledge.pem"));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("kind:      voucher-request", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"serial-number\s+" + Serial, run.Output);
        Assert.Matches(@"proximity-registrar-pubk\s+91 bytes", run.Output);
        Assert.Contains("signature: verified with SERIALNUMBER=JADA123456789", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_RegistrarVoucherRequestWithRegistrarCertificate_ExitsZeroAndListsX5Bag()
    {
        var run = await InspectAsync(Vector("rvr.hex"), "--trust", Vector("registrar.pem"));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("kind:      voucher-request", run.Output, StringComparison.Ordinal);
        Assert.Contains("x5bag:     C=CA, S=ON, L=Ottowa", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"prior-signed-voucher-request\s+201 bytes", run.Output);
        Assert.Contains("signature: verified with", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_NoTrust_ExitsZeroWithSignatureNotChecked()
    {
        var run = await InspectAsync(Vector("voucher.hex"));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("signature: not checked (no --trust)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_BinaryCbor_DecodesLikeTheHexText()
    {
        var hex = await File.ReadAllTextAsync(Vector("voucher.hex"), TestContext.Current.CancellationToken);
        var binary = _folder.Write("voucher.cbor", Convert.FromHexString(string.Concat(hex.Split())));

        var run = await InspectAsync(binary, "--trust", Vector("masa_ca.pem"));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("application/voucher-cose+cbor, binary", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"serial-number\s+" + Serial, run.Output);
    }

    [Fact]
    public async Task Inspect_JsonOption_PrintsTheMembersAsJson()
    {
        var run = await InspectAsync(Vector("voucher.hex"), "--trust", Vector("masa_ca.pem"), "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var report = JsonDocument.Parse(run.Output);
        var root = report.RootElement;
        Assert.Equal("voucher", root.GetProperty("kind").GetString());
        Assert.Equal("constrained COSE", root.GetProperty("format").GetString());
        var members = root.GetProperty("members");
        Assert.Equal(Serial, members.GetProperty("serial-number").GetString());
        Assert.Equal("2022-12-06T20:23:30.708Z", members.GetProperty("created-on").GetString());
        Assert.Equal("proximity", members.GetProperty("assertion").GetString());
        Assert.Equal("57eed786ad404907", members.GetProperty("nonce").GetString());
        Assert.False(members.GetProperty("domain-cert-revocation-checks").GetBoolean());
        Assert.Contains("CN=Custom-ER Global CA", members.GetProperty("pinned-domain-cert").GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Equal(64, members.GetProperty("pinned-domain-cert").GetProperty("sha256").GetString()!.Length);
        Assert.Equal("verified", root.GetProperty("signature").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Inspect_JsonOptionWithWrongKey_ReportsFailedStatusAndExitsOne()
    {
        var run = await InspectAsync(Vector("voucher.hex"), "--trust", Vector("pledge.pem"), "--json");

        Assert.Equal(ExitCodes.NotVerified, run.ExitCode);
        using var report = JsonDocument.Parse(run.Output);
        Assert.Equal("failed", report.RootElement.GetProperty("signature").GetProperty("status").GetString());
    }
}
