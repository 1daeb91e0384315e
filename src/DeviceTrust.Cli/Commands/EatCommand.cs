using System.CommandLine;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust eat</c>: groups the Entity Attestation Token (evidence) tools.</summary>
public sealed class EatCommand : Command
{
    public EatCommand()
        : base("eat", "Work with Entity Attestation Tokens: DeviceTrust evidence (RFC 9711, CWT form).")
    {
        Add(new EatDecodeCommand());
        Add(new EatVerifyCommand());
    }

    internal static Argument<string> FileArgument() => new("FILE")
    {
        Description = "The EAT: binary CBOR, or hex or base64 text.",
    };

    internal static Option<bool> JsonOption() => new("--json")
    {
        Description = "Print a JSON object instead of text.",
    };
}
