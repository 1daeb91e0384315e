using DeviceTrust.Cli.Commands;

namespace DeviceTrust.Cli.Tests.Voucher;

public sealed class VoucherInspectCommandTests
{
    [Fact]
    public void Parse_FileTrustAndJson_Binds()
    {
        var root = CliApplication.CreateRootCommand();
        var command = root.Subcommands.OfType<VoucherCommand>().Single().Subcommands.OfType<VoucherInspectCommand>().Single();

        var result = root.Parse("voucher inspect v.hex --trust ca.pem --json");

        Assert.Empty(result.Errors);
        Assert.Same(command, result.CommandResult.Command);
        var request = command.Bind(result);
        Assert.Equal("v.hex", request.FilePath);
        Assert.Equal("ca.pem", request.TrustPath);
        Assert.True(request.Json);
    }

    [Fact]
    public void Parse_FileOnly_DecodesWithoutTrustAsText()
    {
        var root = CliApplication.CreateRootCommand();
        var command = root.Subcommands.OfType<VoucherCommand>().Single().Subcommands.OfType<VoucherInspectCommand>().Single();

        var request = command.Bind(root.Parse("voucher inspect v.hex"));

        Assert.Null(request.TrustPath);
        Assert.False(request.Json);
    }

    [Fact]
    public void Parse_MissingFile_ReportsError()
    {
        var result = CliApplication.CreateRootCommand().Parse("voucher inspect");

        Assert.NotEmpty(result.Errors);
    }
}
