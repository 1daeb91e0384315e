using System.CommandLine;
using DeviceTrust.Cli.Commands;

namespace DeviceTrust.Cli;

public static class CliApplication
{
    public static RootCommand CreateRootCommand() => new("DeviceTrust command-line tools")
    {
        new SimulateCommand(),
    };
}
