using System.CommandLine;
using DeviceTrust.Cli.Brski;
using DeviceTrust.Cli.Network;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust brski request</c>: one pledge's voucher exchange with a registrar.</summary>
public sealed class BrskiRequestCommand : Command
{
    public BrskiRequestCommand(TimeProvider timeProvider)
        : base("request", "Request a voucher as a pledge: provisional TLS, a voucher-request signed with the IDevID, the voucher "
            + "verified against the MASA certificate, the registrar then verified against the pinned domain CA, voucher_status. "
            + "Waits while the registrar answers 202.")
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Connection.AddTo(this);
        Add(Certificate);
        Add(Key);
        Add(MasaCertificate);
        Add(Out);
        Add(DomainCaOut);
        Add(Cose);
        Add(Attempts);
        Attempts.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1000)
                result.AddError("--attempts must be between 1 and 1000.");
        });
        SetAction((parseResult, cancellationToken) =>
        {
            var configuration = parseResult.InvocationConfiguration;
            return new BrskiRunner(configuration.Output, configuration.Error, timeProvider).RequestAsync(Bind(parseResult), cancellationToken);
        });
    }

    /// <summary>No --trust: until the voucher pins the domain CA, the registrar cannot be verified (RFC 8995 5.1).</summary>
    public ServerOptions Connection { get; } = new("The registrar's HTTPS base URL, e.g. https://localhost:5443.", httpsOnly: true, withTrust: false);

    public Option<string> Certificate { get; } = new("--cert")
    {
        Description = "The pledge's IDevID (PEM); its subject serialNumber is the serial the voucher is for.", Required = true, HelpName = "IDEVID.pem",
    };

    public Option<string> Key { get; } = new("--key") { Description = "The IDevID's private key (PEM).", Required = true, HelpName = "KEY.pem" };

    public Option<string> MasaCertificate { get; } = new("--masa-cert")
    {
        Description = "The manufacturer's MASA certificate (PEM or DER): the only signer whose vouchers the pledge accepts.",
        Required = true,
        HelpName = "MASA.pem",
    };

    public Option<string?> Out { get; } = new("--out")
    {
        Description = "Where to write the signed voucher as received. Default: voucher.cms, or voucher.cose with --cose.", HelpName = "VOUCHER.cms",
    };

    public Option<string> DomainCaOut { get; } = new("--domain-ca-out")
    {
        Description = "Where to write the pinned domain CA (PEM), the --trust for later est commands.",
        HelpName = "CA.pem",
        DefaultValueFactory = _ => "domain-ca.pem",
    };

    public Option<bool> Cose { get; } = new("--cose")
    {
        Description = "Send the constrained voucher-request (application/voucher+cose) instead of CMS-signed JSON.",
    };

    public Option<int> Attempts { get; } = new("--attempts")
    {
        Description = "Voucher requests to send while the registrar answers 202 (each wait honours Retry-After, up to 5 minutes).",
        DefaultValueFactory = _ => 10,
    };

    public BrskiRequest Bind(ParseResult parseResult)
    {
        var cose = parseResult.GetValue(Cose);
        return new BrskiRequest(Connection.Bind(parseResult).Server, parseResult.GetRequiredValue(Certificate), parseResult.GetRequiredValue(Key),
            parseResult.GetRequiredValue(MasaCertificate), cose, parseResult.GetValue(Out) ?? (cose ? "voucher.cose" : "voucher.cms"),
            parseResult.GetValue(DomainCaOut)!, parseResult.GetValue(Attempts));
    }
}
