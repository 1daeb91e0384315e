using System.CommandLine;
using DeviceTrust.Cli.Suit;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust suit report</c>: prints a SUIT report (draft-ietf-suit-report) and, with a key, verifies it.</summary>
public sealed class SuitReportCommand : Command
{
    public SuitReportCommand()
        : base("report", "Decode a SUIT report (draft-ietf-suit-report): a COSE_Sign1_Tagged whose payload is the SUIT_Report, "
            + "or a bare SUIT_Report (unsigned, and said so). Prints the reference (URI, manifest digest), the nonce, each "
            + "record, the result (success, or the failure's reason and record), the signature's algorithm, then the CBOR "
            + "diagnostic notation. With --key it verifies the signature. Exit 0 decoded (and verified with --key), "
            + "1 not verified (or unsigned with --key), 2 malformed report or unusable key.")
    {
        Add(File);
        Add(Key);
        Add(Json);
        SetAction(parseResult =>
        {
            var configuration = parseResult.InvocationConfiguration;
            return new SuitReportRunner(configuration.Output, configuration.Error).Run(Bind(parseResult));
        });
    }

    public Argument<string> File { get; } = new("FILE")
    {
        Description = "The SUIT report: binary CBOR, or hex or base64 text.",
    };

    public Option<string> Key { get; } = new("--key")
    {
        Description = "The device's public key to verify the signature with: PEM SubjectPublicKeyInfo, or a PEM certificate holding it (EC P-256).",
        HelpName = "PEM",
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print a JSON object instead of text.",
    };

    public SuitReportRequest Bind(ParseResult parseResult) =>
        new(parseResult.GetRequiredValue(File), parseResult.GetValue(Key), parseResult.GetValue(Json));
}
