namespace DeviceTrust.Cli;

public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The run happened but the server rejected every device: almost always a wrong fleet secret.</summary>
    public const int AllDevicesRejected = 1;

    /// <summary>The run could not start: bad settings or seed data.</summary>
    public const int CannotStart = 2;

    /// <summary>The voucher decoded but its signature did not verify, or it is unsigned and --trust asked for one.</summary>
    public const int SignatureNotVerified = 1;

    /// <summary>The voucher (or the --trust certificate) could not be read or decoded.</summary>
    public const int MalformedInput = 2;
}
