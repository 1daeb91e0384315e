namespace DeviceTrust.Cli;

public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The run happened but the server rejected every device: almost always a wrong fleet secret.</summary>
    public const int AllDevicesRejected = 1;

    /// <summary>The run could not start: bad settings or seed data.</summary>
    public const int CannotStart = 2;
}
