using System.CommandLine;
using DeviceTrust.Cli.Est;
using DeviceTrust.Cli.Network;

namespace DeviceTrust.Cli.Commands;

/// <summary><c>devicetrust est enroll | reenroll | serverkeygen</c> (RFC 7030 4.2.1, 4.2.2, 4.4).</summary>
public sealed class EstEnrollCommand : Command
{
    public EstEnrollCommand(EstOperation operation, TimeProvider timeProvider)
        : base(NameOf(operation), DescriptionOf(operation))
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Operation = operation;
        Certificate = new Option<string>("--cert")
        {
            Description = operation == EstOperation.Reenroll
                ? "The current certificate (PEM) to renew; it is the TLS client certificate."
                : "The TLS client certificate (PEM), e.g. the IDevID; further PEM blocks are sent as its chain.",
            Required = true,
            HelpName = operation == EstOperation.Reenroll ? "LDEVID.pem" : "IDEVID.pem",
        };
        KeyOut = new Option<string?>(operation == EstOperation.ServerKeyGen ? "--key-out" : "--new-key-out")
        {
            Description = operation == EstOperation.ServerKeyGen
                ? "Where to write the private key the server generates (PKCS#8 PEM, owner-only)."
                : "Generate a fresh P-256 key, request the certificate for it and write the key here (PKCS#8 PEM, owner-only).",
            HelpName = "KEY.pem",
        };
        Connection.AddTo(this);
        Add(Certificate);
        Add(Key);
        Add(Csr);
        Add(KeyOut);
        Add(Out);
        Validators.Add(result =>
        {
            var csr = result.GetValue(Csr);
            var keyOut = result.GetValue(KeyOut);
            if (operation == EstOperation.ServerKeyGen && keyOut is null)
                result.AddError("--key-out is required: the key the server generates has to be kept somewhere.");
            else if (operation != EstOperation.ServerKeyGen && csr is not null && keyOut is not null)
                result.AddError("--csr and --new-key-out exclude each other: a given CSR already names its key.");
            else if (operation == EstOperation.Enroll && csr is null && keyOut is null)
                result.AddError("Give --csr CSR.pem, or --new-key-out KEY.pem to have a fresh key generated.");
        });
        SetAction((parseResult, cancellationToken) =>
        {
            var configuration = parseResult.InvocationConfiguration;
            return new EstRunner(configuration.Output, configuration.Error, timeProvider).EnrollAsync(Bind(parseResult), cancellationToken);
        });
    }

    public EstOperation Operation { get; }

    public ServerOptions Connection { get; } = new("The registrar's HTTPS base URL, e.g. https://localhost:5443.", httpsOnly: true);

    public Option<string> Certificate { get; }

    public Option<string> Key { get; } = new("--key")
    {
        Description = "The private key (PEM) of --cert.", Required = true, HelpName = "KEY.pem",
    };

    public Option<string?> Csr { get; } = new("--csr")
    {
        Description = "Send this PKCS#10 request (PEM or DER) as it is.", HelpName = "CSR.pem",
    };

    public Option<string?> KeyOut { get; }

    public Option<string?> Out { get; } = new("--out")
    {
        Description = "Write the issued certificate (PEM) here instead of to stdout.", HelpName = "CERT.pem",
    };

    public EstEnrollRequest Bind(ParseResult parseResult) => new(Operation, Connection.Bind(parseResult),
        parseResult.GetRequiredValue(Certificate), parseResult.GetRequiredValue(Key), parseResult.GetValue(Csr),
        parseResult.GetValue(KeyOut), parseResult.GetValue(Out));

    private static string NameOf(EstOperation operation) => operation switch
    {
        EstOperation.Enroll => "enroll",
        EstOperation.Reenroll => "reenroll",
        _ => "serverkeygen",
    };

    private static string DescriptionOf(EstOperation operation) => operation switch
    {
        EstOperation.Enroll => "Request a certificate (simpleenroll, RFC 7030 4.2.1), authenticated by --cert.",
        EstOperation.Reenroll => "Renew the certificate given as --cert (simplereenroll, RFC 7030 4.2.2); without --csr or "
            + "--new-key-out the current key is kept.",
        _ => "Have the server generate the key pair and certificate (serverkeygen, RFC 7030 4.4).",
    };
}
