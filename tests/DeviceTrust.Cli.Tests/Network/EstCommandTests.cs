using DeviceTrust.Cli.Commands;
using DeviceTrust.Cli.Est;

namespace DeviceTrust.Cli.Tests.Network;

public sealed class EstCommandTests
{
    [Fact]
    public void Parse_CaCertsWithTrustAndOut_Binds()
    {
        var result = NetworkCli.Parse("est cacerts --server https://localhost:5443 --trust root.pem --out ca.pem");

        Assert.Empty(result.Errors);
        var request = Assert.IsType<EstCaCertsCommand>(result.CommandResult.Command).Bind(result);
        Assert.Equal(new Uri("https://localhost:5443"), request.Server.Server);
        Assert.Equal("root.pem", request.Server.TrustPath);
        Assert.False(request.Server.Insecure);
        Assert.Equal("ca.pem", request.OutPath);
    }

    [Fact]
    public void Parse_EnrollWithNewKey_Binds()
    {
        var result = NetworkCli.Parse("est enroll --server https://h:5443 --insecure --cert i.pem --key k.pem --new-key-out n.pem --out c.pem");

        Assert.Empty(result.Errors);
        var request = Assert.IsType<EstEnrollCommand>(result.CommandResult.Command).Bind(result);
        Assert.Equal(new EstEnrollRequest(EstOperation.Enroll, new(new Uri("https://h:5443"), null, true), "i.pem", "k.pem", null, "n.pem", "c.pem"), request);
    }

    [Fact]
    public void Parse_ReenrollWithoutCsrOrNewKey_KeepsTheKey()
    {
        var result = NetworkCli.Parse("est reenroll --server https://h --trust r.pem --cert ldevid.pem --key k.pem");

        Assert.Empty(result.Errors);
        var request = Assert.IsType<EstEnrollCommand>(result.CommandResult.Command).Bind(result);
        Assert.Equal(EstOperation.Reenroll, request.Operation);
        Assert.Null(request.CsrPath);
        Assert.Null(request.KeyOutPath);
        Assert.Null(request.OutPath);
    }

    [Fact]
    public void Parse_ServerKeyGen_BindsKeyOut()
    {
        var result = NetworkCli.Parse("est serverkeygen --server https://h --trust r.pem --cert i.pem --key k.pem --key-out server.key.pem");

        Assert.Empty(result.Errors);
        var request = Assert.IsType<EstEnrollCommand>(result.CommandResult.Command).Bind(result);
        Assert.Equal(EstOperation.ServerKeyGen, request.Operation);
        Assert.Equal("server.key.pem", request.KeyOutPath);
    }

    [Theory]
    [InlineData("est cacerts --server http://localhost:5080 --insecure", "https URL")]
    [InlineData("est cacerts --server localhost:5443 --insecure", "https URL")]
    [InlineData("est cacerts --server https://h", "--trust ROOT.pem")]
    [InlineData("est cacerts --server https://h --trust r.pem --insecure", "exclude each other")]
    [InlineData("est enroll --server https://h --insecure --cert i.pem --key k.pem", "--new-key-out")]
    [InlineData("est enroll --server https://h --insecure --cert i.pem --key k.pem --csr c.pem --new-key-out n.pem", "exclude each other")]
    [InlineData("est enroll --server https://h --insecure --key k.pem --csr c.pem", "--cert")]
    [InlineData("est serverkeygen --server https://h --insecure --cert i.pem --key k.pem", "--key-out")]
    public void Parse_InvalidCommandLine_ReportsErrorNamingIt(string commandLine, string named)
    {
        var result = NetworkCli.Parse(commandLine);

        Assert.Contains(result.Errors, error => error.Message.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ParseError_ExitsWithUsage()
    {
        var run = await NetworkCli.RunAsync("est", "cacerts", "--server", "https://localhost:5443");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--insecure", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownOption_ExitsWithUsage()
    {
        var run = await NetworkCli.RunAsync("est", "cacerts", "--server", "https://h", "--insecure", "--frobnicate");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }
}
