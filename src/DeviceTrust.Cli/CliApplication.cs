using System.CommandLine;
using DeviceTrust.Cli.Commands;

namespace DeviceTrust.Cli;

public static class CliApplication
{
    /// <param name="timeProvider">Clock for certificate validity checks; the system clock when null.</param>
    public static RootCommand CreateRootCommand(TimeProvider? timeProvider = null) => new("DeviceTrust command-line tools")
    {
        new SimulateCommand(),
        new VoucherCommand(timeProvider ?? TimeProvider.System),
    };
}
