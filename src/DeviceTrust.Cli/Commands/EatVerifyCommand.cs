using System.CommandLine;
using DeviceTrust.Cli.Attestation;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust eat verify</c>: decodes an EAT and checks its signature (or MAC tag), kid and nonce.</summary>
public sealed class EatVerifyCommand : Command
{
    public EatVerifyCommand()
        : base("verify", "Decode an EAT as eat decode does and verify it: signed evidence (COSE_Sign1) with --key, its "
            + "ES256 signature and the kid naming that key (SHA-256 of its SubjectPublicKeyInfo); MACed evidence (COSE_Mac0, "
            + "a VendorVerified class) with --secret, its HMAC 256/256 tag and the kid being the secret's id; with --nonce "
            + "that the token carries the nonce. Exit 0 verified, 1 not verified, 2 malformed token, key or secret, "
            + "64 bad options (also --key for MACed evidence or --secret for signed).")
    {
        Add(File);
        Add(Key);
        Add(Secret);
        Add(Nonce);
        Add(Json);
        Validators.Add(result =>
        {
            if ((result.GetResult(Key) is null) == (result.GetResult(Secret) is null))
                result.AddError("Give exactly one of --key (signed evidence) and --secret (MACed evidence).");
        });
        SetAction(parseResult =>
        {
            var configuration = parseResult.InvocationConfiguration;
            return new EatRunner(configuration.Output, configuration.Error).Verify(Bind(parseResult));
        });
    }

    public Argument<string> File { get; } = EatCommand.FileArgument();

    public Option<string?> Key { get; } = new("--key")
    {
        Description = "For signed evidence: the attestation public key, PEM SubjectPublicKeyInfo or a PEM certificate holding it.",
        HelpName = "PEM",
    };

    public Option<string?> Secret { get; } = new("--secret")
    {
        Description = "For MACed evidence: a file holding the device's factory secret, base64 of its COSE_Key as the "
            + "development API hands it over (vendorAttestationSecret), or 64 hex digits of a bare 32-byte secret (the kid "
            + "is then not checked). Never printed.",
        HelpName = "FILE",
    };

    public Option<string?> Nonce { get; } = new("--nonce")
    {
        Description = "The nonce the token must carry in eat_nonce: hex, or base64url as the challenge-response session gives it.",
        HelpName = "HEX|BASE64URL",
    };

    public Option<bool> Json { get; } = EatCommand.JsonOption();

    public EatVerifyRequest Bind(ParseResult parseResult) => new(
        parseResult.GetRequiredValue(File),
        parseResult.GetValue(Key),
        parseResult.GetValue(Nonce),
        parseResult.GetValue(Json),
        parseResult.GetValue(Secret));
}
