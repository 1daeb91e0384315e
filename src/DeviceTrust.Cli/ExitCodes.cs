namespace DeviceTrust.Cli;

/// <summary>
/// Process exit codes. <c>simulate</c> and <c>voucher inspect</c> keep their historical 1 and 2; the network commands
/// (<c>est</c>, <c>brski</c>, <c>dev</c>) use 3 to 7, one per kind of failure, so a script can tell them apart; a command
/// line that does not parse exits with <see cref="Usage"/> whatever the command.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>
    /// The run happened but every device was rejected (IDevID not trusted, enrollment refused, a token that may not mint
    /// IDevIDs, ...); the reasons are printed.
    /// </summary>
    public const int AllDevicesRejected = 1;

    /// <summary>The run could not start: bad settings or seed data.</summary>
    public const int CannotStart = 2;

    /// <summary>The voucher decoded but its signature did not verify, or it is unsigned and --trust asked for one.</summary>
    public const int SignatureNotVerified = 1;

    /// <summary>The voucher (or the --trust certificate) could not be read or decoded.</summary>
    public const int MalformedInput = 2;

    /// <summary>The server refused the request (HTTP 4xx); its problem details are printed.</summary>
    public const int ProtocolRefused = 3;

    /// <summary>
    /// What the server sent failed verification: the server's TLS certificate, a voucher (signature, serial, nonce,
    /// expiry), an issued certificate, or a malformed answer.
    /// </summary>
    public const int VerificationFailed = 4;

    /// <summary>A local file could not be read, decoded (certificate, key, CSR) or written.</summary>
    public const int IoError = 5;

    /// <summary>The server holds the request (HTTP 202); run the command again after the Retry-After it printed.</summary>
    public const int Pending = 6;

    /// <summary>The server could not be reached, or failed (HTTP 5xx).</summary>
    public const int ServerUnavailable = 7;

    /// <summary>The command line is wrong: unknown or missing options, bad values, conflicting options (sysexits EX_USAGE).</summary>
    public const int Usage = 64;
}
