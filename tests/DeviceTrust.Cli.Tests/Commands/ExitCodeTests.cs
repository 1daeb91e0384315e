using System.Globalization;
using System.Reflection;
using DeviceTrust.Cli.Tests.Network;
using DeviceTrust.Cli.Tests.Voucher;

namespace DeviceTrust.Cli.Tests.Commands;

/// <summary>One exit-code table for every command: each number one meaning, and a usage error distinct from the rest.</summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string[]> UsageErrors() => new(
        [],
        ["frobnicate"],
        ["simulate", "--token", "dt_x", "--devices", "3"],
        ["voucher", "inspect"],
        ["voucher", "inspect", "v.hex", "--frobnicate"],
        ["est", "cacerts", "--server", "https://localhost:5443"],
        ["est", "enroll", "--server", "https://h", "--insecure", "--cert", "i.pem", "--key", "k.pem"],
        ["brski", "request", "--server", "https://h", "--cert", "i.pem"],
        ["dev", "idevid", "--server", "http://h", "--token", "dt_x"],
        ["eat", "decode"],
        ["eat", "verify", "evidence.cbor"],
        ["ear", "verify", "result.jwt"]);

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public async Task RunAsync_UsageErrorInAnyCommand_Exits64(string[] arguments)
    {
        var run = await NetworkCli.RunAsync(arguments);

        Assert.Equal(64, ExitCodes.Usage);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.NotEmpty(run.Error);
    }

    [Fact]
    public async Task VoucherInspect_WrongTrust_ExitsNotVerifiedNeitherUsageNorMalformed()
    {
        var wrongTrust = VoucherCli.Vector("registrar.pem");

        var notVerified = await VoucherCli.InspectAsync(VoucherCli.Vector("voucher.hex"), "--trust", wrongTrust);
        var malformed = await VoucherCli.InspectAsync(_folder.Write("garbage.bin", [0xFF, 0x00, 0x13, 0x37]), "--trust", wrongTrust);

        Assert.Equal(ExitCodes.NotVerified, notVerified.ExitCode);
        Assert.Equal(ExitCodes.MalformedInput, malformed.ExitCode);
        Assert.NotEqual(ExitCodes.Usage, notVerified.ExitCode);
        Assert.NotEqual(malformed.ExitCode, notVerified.ExitCode);
    }

    [Fact]
    public void ExitCodes_EveryNumberHasOneName_AndTheHelpListsIt()
    {
        var codes = typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(int))
            .Select(field => (Name: field.Name, Value: (int)field.GetRawConstantValue()!))
            .ToList();

        Assert.Equal(codes.Count, codes.Select(code => code.Value).Distinct().Count());
        Assert.All(codes, code => Assert.Matches(
            $@"(?m)^\s*{code.Value.ToString(CultureInfo.InvariantCulture)}\s+\S", ExitCodes.Help));
    }

    [Fact]
    public async Task RunAsync_Help_ListsTheExitCodes()
    {
        var run = await NetworkCli.RunAsync("--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Exit codes (the same for every command):", run.Output, StringComparison.Ordinal);
        Assert.Contains("64  usage error", run.Output, StringComparison.Ordinal);
    }
}
