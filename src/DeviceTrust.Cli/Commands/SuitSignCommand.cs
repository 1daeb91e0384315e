using System.CommandLine;
using DeviceTrust.Cli.Suit;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust suit sign</c>: adds or replaces the signature of an envelope.</summary>
public sealed class SuitSignCommand : Command
{
    public SuitSignCommand()
        : base("sign", "Sign a SUIT envelope: its authentication wrapper is replaced by the manifest digest (recomputed) "
            + "and one COSE_Sign1 by --key; every other member is kept byte for byte. The result is verified with the "
            + "key before it is written. Exit 0 written, 2 a malformed envelope or unusable key (nothing written), 64 bad options.")
    {
        Add(File);
        Add(Key);
        Add(Algorithm);
        Add(Out);
        SetAction(parseResult =>
        {
            var configuration = parseResult.InvocationConfiguration;
            return new SuitBuildRunner(configuration.Output, configuration.Error).Sign(Bind(parseResult));
        });
    }

    public Argument<string> File { get; } = SuitCommand.EnvelopeArgument("ENVELOPE");

    public Option<string> Key { get; } = new("--key")
    {
        Description = "The EC P-256 private key to sign with (PEM, PKCS#8 or SEC 1).",
        HelpName = "PRIVATE-PEM",
        Required = true,
    };

    public Option<string> Algorithm { get; } = SuitCommand.AlgorithmOption();

    public Option<string> Out { get; } = SuitCommand.OutOption();

    public SuitSignRequest Bind(ParseResult parseResult) => new(
        parseResult.GetRequiredValue(File),
        parseResult.GetRequiredValue(Key),
        parseResult.GetRequiredValue(Algorithm),
        parseResult.GetRequiredValue(Out));
}
