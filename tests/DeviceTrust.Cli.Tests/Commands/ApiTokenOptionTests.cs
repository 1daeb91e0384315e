using System.CommandLine;
using DeviceTrust.Cli.Commands;
using DeviceTrust.Cli.Network;

namespace DeviceTrust.Cli.Tests.Commands;

/// <summary>The environment is process-wide, so these tests never run beside each other.</summary>
[CollectionDefinition(nameof(ApiTokenOptionTests), DisableParallelization = true)]
public sealed class ApiTokenEnvironmentCollection;

[Collection(nameof(ApiTokenOptionTests))]
public sealed class ApiTokenOptionTests : IDisposable
{
    private readonly string? _saved = Environment.GetEnvironmentVariable(ApiTokenOption.EnvironmentVariable);

    private static (SimulateCommand Command, ParseResult Result) Parse(string arguments)
    {
        var root = CliApplication.CreateRootCommand();
        return (root.Subcommands.OfType<SimulateCommand>().Single(), root.Parse(arguments));
    }

    [Fact]
    public void Parse_NoTokenAnywhere_FailsNamingBothWays()
    {
        Environment.SetEnvironmentVariable(ApiTokenOption.EnvironmentVariable, null);

        var (_, result) = Parse("simulate --server https://localhost:5443 -n 1");

        var error = Assert.Single(result.Errors);
        Assert.Contains("--token", error.Message, StringComparison.Ordinal);
        Assert.Contains(ApiTokenOption.EnvironmentVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TokenOnlyInTheEnvironment_IsUsed()
    {
        Environment.SetEnvironmentVariable(ApiTokenOption.EnvironmentVariable, "dt_from_env");

        var (command, result) = Parse("simulate --server https://localhost:5443 -n 1");

        Assert.Empty(result.Errors);
        Assert.Equal("dt_from_env", command.Bind(result).Token);
    }

    [Fact]
    public void Parse_TokenInBoth_TheCommandLineWins()
    {
        Environment.SetEnvironmentVariable(ApiTokenOption.EnvironmentVariable, "dt_from_env");

        var (command, result) = Parse("simulate --server https://localhost:5443 --token dt_given -n 1");

        Assert.Empty(result.Errors);
        Assert.Equal("dt_given", command.Bind(result).Token);
    }

    public void Dispose() => Environment.SetEnvironmentVariable(ApiTokenOption.EnvironmentVariable, _saved);
}
