using System.CommandLine;
using DeviceTrust.Cli.Commands;

namespace DeviceTrust.Cli.Tests.Commands;

public sealed class SimulateCommandTests
{
    [Fact]
    public void Parse_ServerAndDevices_BindsWithDefaults()
    {
        var (command, result) = Parse("simulate --server http://localhost:5080 --devices 3");

        Assert.Empty(result.Errors);
        Assert.Same(command, result.CommandResult.Command);
        var request = command.Bind(result);
        Assert.Equal(new Uri("http://localhost:5080"), request.Server);
        Assert.Equal(3, request.Devices);
        Assert.Null(request.FleetSecret);
        Assert.Null(request.SeedDataDirectory);
        Assert.Equal(TimeSpan.FromSeconds(2), request.Interval);
        Assert.Null(request.Duration);
        Assert.Equal(0, request.DropRate);
        Assert.Equal(0, request.MalformedRate);
    }

    [Fact]
    public void Parse_EveryOption_Binds()
    {
        var (command, result) = Parse(
            "simulate --server https://dt.example:8443 -n 250 --fleet-secret s3cret --seed-data /tmp/seed "
            + "--interval 0.5 --duration 90 --drop-rate 0.1 --malformed-rate 0.02");

        Assert.Empty(result.Errors);
        var request = command.Bind(result);
        Assert.Equal(250, request.Devices);
        Assert.Equal("s3cret", request.FleetSecret);
        Assert.Equal("/tmp/seed", request.SeedDataDirectory);
        Assert.Equal(TimeSpan.FromMilliseconds(500), request.Interval);
        Assert.Equal(TimeSpan.FromSeconds(90), request.Duration);
        Assert.Equal(0.1, request.DropRate);
        Assert.Equal(0.02, request.MalformedRate);
    }

    [Fact]
    public void Parse_MissingServer_ReportsError()
    {
        var (_, result) = Parse("simulate --devices 3");

        Assert.Contains(result.Errors, error => error.Message.Contains("--server", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("simulate --server localhost:5080 --devices 3", "--server")]
    [InlineData("simulate --server ftp://host --devices 3", "--server")]
    [InlineData("simulate --server http://h --devices 0", "--devices")]
    [InlineData("simulate --server http://h --devices three", "three")]
    [InlineData("simulate --server http://h --devices 3 --interval 0.01", "--interval")]
    [InlineData("simulate --server http://h --devices 3 --duration 0", "--duration")]
    [InlineData("simulate --server http://h --devices 3 --drop-rate 1.5", "--drop-rate")]
    [InlineData("simulate --server http://h --devices 3 --malformed-rate -0.1", "--malformed-rate")]
    public void Parse_InvalidValue_ReportsErrorNamingIt(string commandLine, string named)
    {
        var (_, result) = Parse(commandLine);

        Assert.Contains(result.Errors, error => error.Message.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvokeAsync_MissingServer_ExitsNonZero()
    {
        var result = CliApplication.CreateRootCommand().Parse("simulate --devices 3");
        var invocation = new InvocationConfiguration { Output = new StringWriter(), Error = new StringWriter() };

        var exitCode = await result.InvokeAsync(invocation, TestContext.Current.CancellationToken);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--server", invocation.Error.ToString(), StringComparison.Ordinal);
    }

    private static (SimulateCommand Command, ParseResult Result) Parse(string commandLine)
    {
        var root = CliApplication.CreateRootCommand();
        var command = root.Subcommands.OfType<SimulateCommand>().Single();
        return (command, root.Parse(commandLine));
    }
}
