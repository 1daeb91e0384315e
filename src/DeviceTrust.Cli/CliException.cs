namespace DeviceTrust.Cli;

/// <summary>A problem the user can fix (missing setting, impossible request); printed without a stack trace.</summary>
public sealed class CliException(string message) : Exception(message);
