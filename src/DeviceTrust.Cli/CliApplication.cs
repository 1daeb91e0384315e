using System.CommandLine;
using System.CommandLine.Invocation;
using DeviceTrust.Cli.Commands;

namespace DeviceTrust.Cli;

public static class CliApplication
{
    /// <param name="timeProvider">Clock for certificate validity checks; the system clock when null.</param>
    public static RootCommand CreateRootCommand(TimeProvider? timeProvider = null)
    {
        var time = timeProvider ?? TimeProvider.System;
        return new RootCommand("DeviceTrust command-line tools")
        {
            new SimulateCommand(time),
            new VoucherCommand(time),
            new EstCommand(time),
            new BrskiCommand(time),
            new DevCommand(time),
        };
    }

    /// <summary>
    /// Parses and runs one command line. A line that does not parse prints its errors and help and exits with
    /// <see cref="ExitCodes.Usage"/> (System.CommandLine itself answers 1, which other failures already mean).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, InvocationConfiguration? configuration = null, TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        var parseResult = CreateRootCommand(timeProvider).Parse(args);
        var exitCode = await parseResult.InvokeAsync(configuration, cancellationToken);
        return parseResult.Action is ParseErrorAction ? ExitCodes.Usage : exitCode;
    }
}
