using System.CommandLine;
using DeviceTrust.Cli.Attestation;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust eat verify</c>: decodes an EAT and checks its signature, kid and nonce.</summary>
public sealed class EatVerifyCommand : Command
{
    public EatVerifyCommand()
        : base("verify", "Decode an EAT as eat decode does and verify it: the ES256 signature with --key, the kid naming "
            + "that key (SHA-256 of its SubjectPublicKeyInfo), and with --nonce that the token carries the nonce. "
            + "Exit 0 verified, 1 not verified, 2 malformed.")
    {
        Add(File);
        Add(Key);
        Add(Nonce);
        Add(Json);
        SetAction(parseResult =>
        {
            var configuration = parseResult.InvocationConfiguration;
            return new EatRunner(configuration.Output, configuration.Error).Verify(Bind(parseResult));
        });
    }

    public Argument<string> File { get; } = EatCommand.FileArgument();

    public Option<string> Key { get; } = new("--key")
    {
        Description = "The attestation public key: PEM SubjectPublicKeyInfo, or a PEM certificate holding it.",
        HelpName = "PEM",
        Required = true,
    };

    public Option<string?> Nonce { get; } = new("--nonce")
    {
        Description = "The nonce the token must carry in eat_nonce: hex, or base64url as the challenge-response session gives it.",
        HelpName = "HEX|BASE64URL",
    };

    public Option<bool> Json { get; } = EatCommand.JsonOption();

    public EatVerifyRequest Bind(ParseResult parseResult) => new(
        parseResult.GetRequiredValue(File),
        parseResult.GetRequiredValue(Key),
        parseResult.GetValue(Nonce),
        parseResult.GetValue(Json));
}
