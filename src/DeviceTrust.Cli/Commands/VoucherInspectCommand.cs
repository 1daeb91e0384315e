using System.CommandLine;
using DeviceTrust.Cli.Vouchers;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust voucher inspect</c>: decodes a voucher or voucher-request and optionally verifies it.</summary>
public sealed class VoucherInspectCommand : Command
{
    public VoucherInspectCommand(TimeProvider timeProvider)
        : base("inspect", "Decode a voucher or voucher-request (constrained COSE, JSON or CMS-signed JSON) and print "
            + "its members; with --trust, verify its signature.")
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Add(File);
        Add(Trust);
        Add(Json);
        SetAction(parseResult =>
        {
            var configuration = parseResult.InvocationConfiguration;
            var runner = new VoucherInspectRunner(configuration.Output, configuration.Error, timeProvider);
            return runner.Run(Bind(parseResult));
        });
    }

    public Argument<string> File { get; } = new("FILE")
    {
        Description = "The voucher file: binary CBOR or DER, hex or base64 text, PEM (CMS/PKCS7) or JSON.",
    };

    public Option<string?> Trust { get; } = new("--trust")
    {
        Description = "Certificate (PEM or DER) to verify the signature with: the signer's certificate for a "
            + "COSE voucher, the trust anchor the signer must chain to for a CMS-signed one.",
        HelpName = "CERT.pem",
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print a JSON object instead of text.",
    };

    public VoucherInspectRequest Bind(ParseResult parseResult) => new(
        parseResult.GetRequiredValue(File),
        parseResult.GetValue(Trust),
        parseResult.GetValue(Json));
}
