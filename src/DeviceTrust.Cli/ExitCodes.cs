namespace DeviceTrust.Cli;

/// <summary>
/// The process exit codes of every command: one meaning per number, whichever command returns it, so a script can
/// branch on the code alone. A command line that does not parse exits with <see cref="Usage"/> whatever the command.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>
    /// Something did not verify: a voucher's signature (<c>voucher inspect --trust</c>), the server's TLS certificate,
    /// a voucher the registrar returned (signature, serial, nonce, expiry), an issued certificate or key, an EAT
    /// (signature, kid, nonce) or an EAR (signature, alg), or an answer that is not what the protocol defines.
    /// </summary>
    public const int NotVerified = 1;

    /// <summary>
    /// A local input could not be used: a file that cannot be read, decoded (voucher, certificate, key, CSR, seed data,
    /// settings, EAT, EAR, key) or written, or a directory that cannot be used. Nothing was sent.
    /// </summary>
    public const int MalformedInput = 2;

    /// <summary>The server refused the request (HTTP 4xx); its problem details are printed.</summary>
    public const int Refused = 3;

    /// <summary>The server holds the request (HTTP 202); run the command again after the Retry-After it printed.</summary>
    public const int Pending = 4;

    /// <summary>The server could not be reached, did not answer in time, or failed (HTTP 5xx).</summary>
    public const int ServerUnavailable = 5;

    /// <summary>
    /// <c>simulate</c> ran, but the server rejected every device (IDevID not trusted, enrollment refused, a token that
    /// may not mint IDevIDs, a server it could not reach, ...); the reasons are printed.
    /// </summary>
    public const int AllDevicesRejected = 6;

    /// <summary>The command line is wrong: unknown or missing options, bad values, conflicting options (sysexits EX_USAGE).</summary>
    public const int Usage = 64;

    /// <summary>A bug: an exception no command expected; it is printed with its stack trace (sysexits EX_SOFTWARE).</summary>
    public const int InternalError = 70;

    /// <summary>Cancelled (Ctrl+C) before the command finished: 128 + SIGINT, as a shell reports it.</summary>
    public const int Interrupted = 130;

    /// <summary>The table as the root command's help shows it.</summary>
    public const string Help = """
        Exit codes (the same for every command):
          0   success
          1   not verified (voucher signature, TLS server certificate, returned voucher or certificate, EAT, EAR)
          2   malformed input (a local file or directory that cannot be read, decoded or written)
          3   refused by the server (HTTP 4xx; problem details printed)
          4   pending (HTTP 202; run again after Retry-After)
          5   server unreachable, timed out or failed (HTTP 5xx)
          6   simulate: the server rejected every device
          64  usage error
          70  internal error (a bug)
          130 interrupted
        """;
}
