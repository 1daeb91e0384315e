using System.CommandLine;
using DeviceTrust.Cli.Attestation;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust eat decode</c>: prints an EAT's envelope and claims and whether it follows the profile.</summary>
public sealed class EatDecodeCommand : Command
{
    public EatDecodeCommand()
        : base("decode", "Decode an EAT, signed (COSE_Sign1) or MACed (COSE_Mac0), and print its envelope (tags, alg, kid, "
            + "typ), its claims, and whether it follows the DeviceTrust EAT profile. The signature or tag is not checked "
            + "(see eat verify). Exit 0 decoded, 2 malformed.")
    {
        Add(File);
        Add(Json);
        SetAction(parseResult =>
        {
            var configuration = parseResult.InvocationConfiguration;
            return new EatRunner(configuration.Output, configuration.Error).Decode(Bind(parseResult));
        });
    }

    public Argument<string> File { get; } = EatCommand.FileArgument();

    public Option<bool> Json { get; } = EatCommand.JsonOption();

    public EatDecodeRequest Bind(ParseResult parseResult) => new(parseResult.GetRequiredValue(File), parseResult.GetValue(Json));
}
