using System.CommandLine;
using DeviceTrust.Cli.Suit;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust suit inspect</c>: prints an envelope as a readable tree and in CBOR diagnostic notation.</summary>
public sealed class SuitInspectCommand : Command
{
    public SuitInspectCommand()
        : base("inspect", "Decode a SUIT envelope and print it as a tree (authentication digest and signatures, manifest "
            + "version and sequence number, components, each command sequence with its parameters, severed members, text, "
            + "integrated payloads), then in CBOR diagnostic notation. Nothing is verified (see suit verify). "
            + "Exit 0 decoded, 2 malformed.")
    {
        Add(File);
        Add(Json);
        SetAction(parseResult =>
        {
            var configuration = parseResult.InvocationConfiguration;
            return new SuitRunner(configuration.Output, configuration.Error).Inspect(Bind(parseResult));
        });
    }

    public Argument<string> File { get; } = SuitCommand.EnvelopeArgument();

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print a JSON object instead of text.",
    };

    public SuitInspectRequest Bind(ParseResult parseResult) => new(parseResult.GetRequiredValue(File), parseResult.GetValue(Json));
}
