using System.CommandLine;
using DeviceTrust.Cli.Suit;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust suit</c>: groups the SUIT manifest tools (draft-ietf-suit-manifest). <c>suit report</c> joins
/// them with the SUIT report model.</summary>
public sealed class SuitCommand : Command
{
    public SuitCommand()
        : base("suit", "Work with SUIT envelopes: firmware update manifests (draft-ietf-suit-manifest, RFC 9019, RFC 9124).")
    {
        Add(new SuitInspectCommand());
        Add(new SuitVerifyCommand());
        Add(new SuitBuildCommand());
        Add(new SuitSignCommand());
        Add(new SuitReportCommand());
    }

    internal static Argument<string> EnvelopeArgument(string name = "FILE") => new(name)
    {
        Description = "The SUIT envelope: binary CBOR, or hex or base64 text.",
    };

    internal static Option<string> OutOption() => new("--out")
    {
        Description = "Where to write the envelope (binary CBOR); its directory is created.",
        HelpName = "FILE",
        Required = true,
    };

    internal static Option<string> AlgorithmOption()
    {
        var option = new Option<string>("--alg")
        {
            Description = "The signature algorithm: ES256 (-7) or ESP256 (-9), both ECDSA with SHA-256 on P-256.",
            HelpName = "ES256|ESP256",
            DefaultValueFactory = _ => "ES256",
        };
        option.AcceptOnlyFromAmong([.. SuitSigningKeys.Algorithms.Keys]);
        return option;
    }
}
