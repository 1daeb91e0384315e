using System.CommandLine;

namespace DeviceTrust.Cli.Network;

/// <summary>Where and how to reach the server: the URL, and for HTTPS the root to trust or an explicit --insecure.</summary>
public sealed record ServerConnection(Uri Server, string? TrustPath, bool Insecure);

/// <summary>
/// --server, --trust and --insecure as the network commands share them. A command that reaches an HTTPS server needs
/// exactly one of --trust and --insecure: nothing is trusted by default, because the system roots say nothing about a
/// device domain's PKI.
/// </summary>
public sealed class ServerOptions
{
    private readonly bool _httpsOnly;

    public ServerOptions(string serverDescription, bool httpsOnly, bool withTrust = true)
    {
        _httpsOnly = httpsOnly;
        Server = new Option<string>("--server") { Description = serverDescription, Required = true, HelpName = "URL" };
        Trust = withTrust
            ? new Option<string?>("--trust") { Description = "Root CA certificate (PEM or DER) the server's TLS chain must lead to; the host name is checked too.", HelpName = "ROOT.pem" }
            : null;
        Insecure = withTrust
            ? new Option<bool>("--insecure") { Description = "Do NOT verify the server's TLS certificate (bootstrap only; printed as a warning)." }
            : null;
    }

    public Option<string> Server { get; }

    public Option<string?>? Trust { get; }

    public Option<bool>? Insecure { get; }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(Server);
        if (Trust is not null) command.Add(Trust);
        if (Insecure is not null) command.Add(Insecure);
        command.Validators.Add(result =>
        {
            var value = result.GetValue(Server);
            if (value is null)
                return;
            if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || (_httpsOnly && url.Scheme != "https"))
            {
                result.AddError(_httpsOnly
                    ? $"--server must be an absolute https URL such as https://localhost:5443, not '{value}' (EST and BRSKI run over TLS only)."
                    : $"--server must be an absolute http or https URL, not '{value}'.");
                return;
            }
            if (Trust is null || Insecure is null)
                return;
            var trust = result.GetValue(Trust);
            var insecure = result.GetValue(Insecure);
            if (trust is not null && insecure)
                result.AddError("--trust and --insecure exclude each other.");
            else if (url.Scheme == "https" && trust is null && !insecure)
                result.AddError("Give --trust ROOT.pem to verify the server's TLS certificate, or --insecure to skip the check.");
        });
    }

    public ServerConnection Bind(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return new ServerConnection(new Uri(parseResult.GetRequiredValue(Server)),
            Trust is null ? null : parseResult.GetValue(Trust), Insecure is not null && parseResult.GetValue(Insecure));
    }
}
