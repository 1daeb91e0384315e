using System.CommandLine;
using DeviceTrust.Cli.Suit;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust suit verify</c>: checks an envelope's manifest digest, signature and severed members.</summary>
public sealed class SuitVerifyCommand : Command
{
    public SuitVerifyCommand()
        : base("verify", "Verify a SUIT envelope: the manifest digest (SHA-256 of the bstr-wrapped manifest), a COSE_Sign1 "
            + "(ES256 or ESP256) over that digest with --key, and each severed member against its digest. Exit 0 verified, "
            + "1 not verified (the reason on stderr), 2 malformed envelope or unusable key.")
    {
        Add(File);
        Add(Key);
        SetAction(parseResult =>
        {
            var configuration = parseResult.InvocationConfiguration;
            return new SuitRunner(configuration.Output, configuration.Error).Verify(Bind(parseResult));
        });
    }

    public Argument<string> File { get; } = SuitCommand.EnvelopeArgument();

    public Option<string> Key { get; } = new("--key")
    {
        Description = "The signer's public key: PEM SubjectPublicKeyInfo, or a PEM certificate holding it (EC P-256).",
        HelpName = "PEM",
        Required = true,
    };

    public SuitVerifyRequest Bind(ParseResult parseResult) => new(parseResult.GetRequiredValue(File), parseResult.GetRequiredValue(Key));
}
