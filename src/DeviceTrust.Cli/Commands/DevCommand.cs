using System.CommandLine;
using DeviceTrust.Cli.Dev;
using DeviceTrust.Cli.Network;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust dev</c>: Development-only helpers of a server in the Development environment.</summary>
public sealed class DevCommand : Command
{
    public DevCommand(TimeProvider timeProvider)
        : base("dev", "Development-only helpers (the server answers them only in its Development environment).")
    {
        Add(new DevIdevidCommand(timeProvider));
    }
}

/// <summary><c>devicetrust dev idevid</c>: mint a DEV-ONLY IDevID of a simulated manufacturer.</summary>
public sealed class DevIdevidCommand : Command
{
    public DevIdevidCommand(TimeProvider timeProvider)
        : base("idevid", $"Mint a DEV-ONLY IDevID of a simulated manufacturer and write {IdevidFiles.PrivateKey}, {IdevidFiles.Certificate}, "
            + $"{IdevidFiles.Chain} and {IdevidFiles.Masa}; and, when the server gives them, {IdevidFiles.AttestationKey}, "
            + $"{IdevidFiles.AttestationCertificates} and {IdevidFiles.VendorSecret}.")
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Connection.AddTo(this);
        Add(Token);
        ApiTokenOption.RequireOn(this, Token);
        Add(Manufacturer);
        Add(Serial);
        Add(OutDir);
        SetAction((parseResult, cancellationToken) =>
        {
            var configuration = parseResult.InvocationConfiguration;
            return new DevIdevidRunner(configuration.Output, configuration.Error, timeProvider).RunAsync(Bind(parseResult), cancellationToken);
        });
    }

    public ServerOptions Connection { get; } = new("The server's base URL, e.g. http://localhost:5080.", httpsOnly: false);

    public Option<string?> Token { get; } = ApiTokenOption.Create("A security officer's API token (dt_...).");

    public Option<string> Manufacturer { get; } = new("--manufacturer")
    {
        Description = "The simulated manufacturer's name, as on the server.", Required = true, HelpName = "NAME",
    };

    public Option<string> Serial { get; } = new("--serial")
    {
        Description = "The device serial number to put in the IDevID subject.", Required = true, HelpName = "SERIAL",
    };

    public Option<string> OutDir { get; } = new("--out-dir")
    {
        Description = "Directory for the four PEM files (created if missing; the key is written owner-only).", Required = true, HelpName = "DIR",
    };

    public DevIdevidRequest Bind(ParseResult parseResult) => new(Connection.Bind(parseResult), ApiTokenOption.Resolve(parseResult, Token),
        parseResult.GetRequiredValue(Manufacturer), parseResult.GetRequiredValue(Serial), parseResult.GetRequiredValue(OutDir));
}
