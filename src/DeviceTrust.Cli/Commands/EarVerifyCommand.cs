using System.CommandLine;
using DeviceTrust.Cli.Attestation;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust ear verify</c>: verifies an EAR JWT and prints its appraisals.</summary>
public sealed class EarVerifyCommand : Command
{
    public EarVerifyCommand()
        : base("verify", "Verify an EAR JWT with the verifier's key and print iat, verifier-id, nonce and, per submod, "
            + "the status and the trustworthiness vector. Only ES256 is accepted. Exit 0 verified, 1 not verified "
            + "(bad signature or disallowed alg), 2 malformed.")
    {
        Add(File);
        Add(Key);
        Add(Json);
        SetAction((parseResult, _) =>
        {
            var configuration = parseResult.InvocationConfiguration;
            return new EarVerifyRunner(configuration.Output, configuration.Error).RunAsync(Bind(parseResult));
        });
    }

    public Argument<string> File { get; } = new("FILE")
    {
        Description = "The EAR: a JWT in compact form (text).",
    };

    public Option<string> Key { get; } = new("--key")
    {
        Description = "The verifier's EAR key: a JWK JSON file (the discovery document's ear-verification-key), "
            + "or a PEM public key or certificate.",
        HelpName = "JWK|PEM",
        Required = true,
    };

    public Option<bool> Json { get; } = EatCommand.JsonOption();

    public EarVerifyRequest Bind(ParseResult parseResult) => new(
        parseResult.GetRequiredValue(File),
        parseResult.GetRequiredValue(Key),
        parseResult.GetValue(Json));
}
