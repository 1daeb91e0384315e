using DeviceTrust.Cli.Commands;

namespace DeviceTrust.Cli.Tests.Network;

public sealed class BrskiAndDevCommandTests
{
    [Fact]
    public void Parse_BrskiRequest_BindsWithDefaults()
    {
        var result = NetworkCli.Parse("brski request --server https://localhost:5443 --cert idevid.pem --key idevid.key.pem --masa-cert masa.pem");

        Assert.Empty(result.Errors);
        var request = Assert.IsType<BrskiRequestCommand>(result.CommandResult.Command).Bind(result);
        Assert.Equal(new Uri("https://localhost:5443"), request.Server);
        Assert.Equal(("idevid.pem", "idevid.key.pem", "masa.pem"), (request.CertificatePath, request.KeyPath, request.MasaCertificatePath));
        Assert.False(request.Cose);
        Assert.Equal("voucher.cms", request.OutPath);
        Assert.Equal("domain-ca.pem", request.DomainCaOutPath);
        Assert.Equal(10, request.Attempts);
    }

    [Fact]
    public void Parse_BrskiRequestWithCose_DefaultsToACoseFile()
    {
        var result = NetworkCli.Parse("brski request --server https://h --cert i.pem --key k.pem --masa-cert m.pem --cose --attempts 3 --domain-ca-out ca.pem");

        Assert.Empty(result.Errors);
        var request = Assert.IsType<BrskiRequestCommand>(result.CommandResult.Command).Bind(result);
        Assert.True(request.Cose);
        Assert.Equal("voucher.cose", request.OutPath);
        Assert.Equal("ca.pem", request.DomainCaOutPath);
        Assert.Equal(3, request.Attempts);
    }

    [Theory]
    [InlineData("brski request --server https://h --cert i.pem --key k.pem", "--masa-cert")]
    [InlineData("brski request --server http://h --cert i.pem --key k.pem --masa-cert m.pem", "https URL")]
    [InlineData("brski request --server https://h --cert i.pem --key k.pem --masa-cert m.pem --attempts 0", "--attempts")]
    [InlineData("brski request --server https://h --cert i.pem --key k.pem --masa-cert m.pem --trust r.pem", "--trust")]
    [InlineData("dev idevid --server http://h --manufacturer Acme --serial S1 --out-dir d", "--token")]
    [InlineData("dev idevid --server https://h --token dt_x --manufacturer Acme --serial S1 --out-dir d", "--trust ROOT.pem")]
    public void Parse_InvalidCommandLine_ReportsErrorNamingIt(string commandLine, string named)
    {
        var result = NetworkCli.Parse(commandLine);

        Assert.Contains(result.Errors, error => error.Message.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_DevIdevidOverHttp_NeedsNoTrust()
    {
        var result = NetworkCli.Parse("dev idevid --server http://localhost:5080 --token dt_abc --manufacturer \"Acme Sensors\" --serial ACME-1 --out-dir out");

        Assert.Empty(result.Errors);
        var request = Assert.IsType<DevIdevidCommand>(result.CommandResult.Command).Bind(result);
        Assert.Equal(("dt_abc", "Acme Sensors", "ACME-1", "out"), (request.Token, request.Manufacturer, request.SerialNumber, request.OutputDirectory));
        Assert.Null(request.Server.TrustPath);
    }
}
