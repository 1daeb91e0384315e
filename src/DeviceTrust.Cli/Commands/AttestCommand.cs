using System.CommandLine;
using DeviceTrust.Cli.Attestation;
using DeviceTrust.Cli.Network;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust attest</c>: a device's whole challenge-response attestation against the verifier.</summary>
public sealed class AttestCommand : Command
{
    public AttestCommand(TimeProvider timeProvider)
        : base("attest", "Attest as a device: over mutual TLS with the LDevID, fetch the verifier's EAR key "
            + "(/.well-known/veraison/verification), open a challenge-response session, answer its nonce with DeviceTrust "
            + "evidence signed by the attestation key (or, for a VendorVerified device, MACed with its factory secret), then "
            + "verify and print the EAR. Exit 0 when every submod is affirming, 1 otherwise.")
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Connection.AddTo(this);
        Add(Certificate);
        Add(Key);
        Add(AttestationKey);
        Add(VendorSecret);
        Add(Ueid);
        Add(ClassId);
        Add(DebugStatus);
        Add(Firmware);
        Add(Json);
        Validators.Add(result =>
        {
            if (result.GetValue(DebugStatus) is < 0 or > 4)
                result.AddError("--dbgstat is 0..4 (RFC 9711 §4.2.9).");
            if ((result.GetResult(AttestationKey) is null) == (result.GetResult(VendorSecret) is null))
                result.AddError("Give exactly one of --attestation-key (signed evidence) and --vendor-secret (MACed evidence).");
        });
        SetAction((parseResult, cancellationToken) =>
        {
            var configuration = parseResult.InvocationConfiguration;
            return new AttestRunner(configuration.Output, configuration.Error, timeProvider).RunAsync(Bind(parseResult), cancellationToken);
        });
    }

    public ServerOptions Connection { get; } = new("The device listener's HTTPS base URL, e.g. https://localhost:5443.", httpsOnly: true);

    public Option<string> Certificate { get; } = new("--cert")
    {
        Description = "The device's LDevID certificate (PEM, chain after it), the TLS client certificate.",
        HelpName = "LDEVID.pem",
        Required = true,
    };

    public Option<string> Key { get; } = new("--key")
    {
        Description = "The LDevID's EC private key (PEM).",
        HelpName = "LDEVID.key.pem",
        Required = true,
    };

    public Option<string?> AttestationKey { get; } = new("--attestation-key")
    {
        Description = "The attestation key (PEM EC P-256 private key) that signs the evidence; its kid is the SHA-256 of "
            + "its SubjectPublicKeyInfo and must name a key registered for the device. Or --vendor-secret.",
        HelpName = "KEY.pem",
    };

    public Option<string?> VendorSecret { get; } = new("--vendor-secret")
    {
        Description = "For a device of a VendorVerified class: a file holding the secret its factory embedded, base64 of "
            + "its COSE_Key (vendorAttestationSecret of the development API), which MACs the evidence (COSE_Mac0, "
            + "HMAC 256/256, kid = the secret's id) instead of a signature. Never printed. Or --attestation-key.",
        HelpName = "FILE",
    };

    public Option<string> Ueid { get; } = new("--ueid")
    {
        Description = "The device's ueid: 34 hex digits, 01 (RAND) and 16 bytes.",
        HelpName = "HEX",
        Required = true,
    };

    public Option<Guid> ClassId { get; } = new("--class-id")
    {
        Description = "The device class's SUIT class-id, reported as hwmodel.",
        HelpName = "UUID",
        Required = true,
    };

    public Option<int> DebugStatus { get; } = new("--dbgstat")
    {
        Description = "dbgstat to report (RFC 9711 §4.2.9): 0 enabled, 1 disabled, 2 disabled since boot, 3 disabled "
            + "permanently, 4 disabled fully and permanently.",
        DefaultValueFactory = _ => 3,
    };

    public Option<string[]> Firmware { get; } = new("--firmware")
    {
        Description = "A firmware component as a submod: name=version:sha256hex of its image. Repeat for each component.",
        HelpName = "NAME=VERSION:SHA256",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> Json { get; } = EatCommand.JsonOption();

    public AttestRequest Bind(ParseResult parseResult) => new(
        Connection.Bind(parseResult),
        parseResult.GetRequiredValue(Certificate),
        parseResult.GetRequiredValue(Key),
        parseResult.GetValue(AttestationKey),
        parseResult.GetRequiredValue(Ueid),
        parseResult.GetValue(ClassId),
        parseResult.GetValue(DebugStatus),
        parseResult.GetValue(Firmware) ?? [],
        parseResult.GetValue(Json),
        parseResult.GetValue(VendorSecret));
}
