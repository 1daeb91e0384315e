using System.Text;
using static DeviceTrust.Cli.Tests.Voucher.VoucherCli;

namespace DeviceTrust.Cli.Tests.Voucher;

/// <summary>Input that is not a voucher exits 2 and says what is wrong on stderr, printing no report.</summary>
public sealed class VoucherInspectMalformedTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Inspect_BinaryGarbage_ExitsTwoNamingTheCoseProblem()
    {
        var file = _folder.Write("garbage.bin", [0xFF, 0x00, 0x13, 0x37, 0xC0]);

        var run = await InspectAsync(file);

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Contains($"error: {file}: malformed voucher: COSE_Sign1:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_TextGarbage_ExitsTwoSayingItIsNoVoucherEncoding()
    {
        var run = await InspectAsync(_folder.Write("garbage.txt", "this is not a voucher!\n"));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Contains("the file is text (starting \"this is not a voucher!\") but not JSON, PEM, hex or base64",
            run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_TruncatedHexVoucher_ExitsTwo()
    {
        var hex = string.Concat((await File.ReadAllTextAsync(Vector("voucher.hex"), TestContext.Current.CancellationToken)).Split());
        var file = _folder.Write("truncated.hex", hex[..200]);

        var run = await InspectAsync(file);

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("malformed voucher:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_OddNumberOfHexDigits_ExitsTwo()
    {
        var run = await InspectAsync(_folder.Write("odd.hex", "D28443A"));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("odd number of hex digits (7)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_JsonWithUnknownMember_ExitsTwoNamingTheMember()
    {
        var file = _folder.Write("voucher.json", """{"ietf-voucher:voucher":{"serial-number":"X1","colour":"red"}}""");

        var run = await InspectAsync(file);

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("malformed voucher: colour: is not a member of", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_MalformedCms_ExitsTwoNamingTheStructure()
    {
        var run = await InspectAsync(_folder.Write("broken.p7", [0x30, 0x03, 0x02, 0x01, 0x00]));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("malformed CMS: CMS SignedData", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_CertificatePemAsFile_ExitsTwoNamingTheLabel()
    {
        var run = await InspectAsync(Vector("masa_ca.pem"));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("label 'CERTIFICATE' is not CMS or PKCS7", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_EmptyFile_ExitsTwo()
    {
        var run = await InspectAsync(_folder.Write("empty", " \n"));

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains("the file is empty", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_MissingFile_ExitsTwoNamingTheFile()
    {
        var missing = _folder.PathOf("nowhere.hex");

        var run = await InspectAsync(missing);

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains($"FILE {missing}: cannot read the file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_TrustFileNotACertificate_ExitsTwoNamingTheOption()
    {
        var trust = _folder.Write("trust.pem", Encoding.ASCII.GetBytes("not a certificate"));

        var run = await InspectAsync(Vector("voucher.hex"), "--trust", trust);

        Assert.Equal(ExitCodes.MalformedInput, run.ExitCode);
        Assert.Contains($"--trust {trust}: not a PEM or DER X.509 certificate", run.Error, StringComparison.Ordinal);
    }
}
