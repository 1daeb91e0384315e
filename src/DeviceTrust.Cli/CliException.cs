namespace DeviceTrust.Cli;

/// <summary>
/// A problem the user can fix (missing setting, impossible request); printed without a stack trace. <see cref="ExitCode"/>,
/// when set, is the code the command exits with (see <see cref="ExitCodes"/>); otherwise the command decides.
/// </summary>
public sealed class CliException(string message, int? exitCode = null) : Exception(message)
{
    public int? ExitCode { get; } = exitCode;
}
