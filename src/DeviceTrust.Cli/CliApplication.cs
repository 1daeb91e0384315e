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
        return new RootCommand("DeviceTrust command-line tools.\n\n" + ExitCodes.Help)
        {
            new SimulateCommand(time),
            new VoucherCommand(time),
            new EstCommand(time),
            new BrskiCommand(time),
            new DevCommand(time),
            new EatCommand(),
            new EarCommand(),
            new AttestCommand(time),
            new SuitCommand(),
        };
    }

    /// <summary>
    /// Parses and runs one command line, so that every outcome maps to one of <see cref="ExitCodes"/>: a line that does
    /// not parse prints its errors and exits with <see cref="ExitCodes.Usage"/>, an exception no command handled exits
    /// with <see cref="ExitCodes.InternalError"/> (System.CommandLine itself answers 1 to both, which means "not verified"
    /// here). Turns off <paramref name="configuration"/>'s default exception handler to do so.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, InvocationConfiguration? configuration = null, TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        configuration ??= new InvocationConfiguration();
        configuration.EnableDefaultExceptionHandler = false;
        var parseResult = CreateRootCommand(timeProvider).Parse(args);
        try
        {
            var exitCode = await parseResult.InvokeAsync(configuration, cancellationToken);
            return parseResult.Action is ParseErrorAction ? ExitCodes.Usage : exitCode;
        }
        catch (OperationCanceledException)
        {
            await configuration.Error.WriteLineAsync("error: cancelled");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            await configuration.Error.WriteLineAsync($"error: unexpected failure, a bug: {e}");
            return ExitCodes.InternalError;
        }
    }
}
