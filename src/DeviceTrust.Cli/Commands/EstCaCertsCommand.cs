using System.CommandLine;
using DeviceTrust.Cli.Est;
using DeviceTrust.Cli.Network;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust est cacerts</c>: GET /cacerts (RFC 7030 4.1).</summary>
public sealed class EstCaCertsCommand : Command
{
    public EstCaCertsCommand(TimeProvider timeProvider)
        : base("cacerts", "Fetch the domain's CA certificates (RFC 7030 4.1) and write them as PEM.")
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Connection.AddTo(this);
        Add(Out);
        SetAction((parseResult, cancellationToken) =>
        {
            var configuration = parseResult.InvocationConfiguration;
            return new EstRunner(configuration.Output, configuration.Error, timeProvider).CaCertsAsync(Bind(parseResult), cancellationToken);
        });
    }

    public ServerOptions Connection { get; } = new("The registrar's HTTPS base URL, e.g. https://localhost:5443.", httpsOnly: true);

    public Option<string?> Out { get; } = new("--out") { Description = "Write the PEM certificates here instead of to stdout.", HelpName = "FILE" };

    public EstCaCertsRequest Bind(ParseResult parseResult) => new(Connection.Bind(parseResult), parseResult.GetValue(Out));
}
