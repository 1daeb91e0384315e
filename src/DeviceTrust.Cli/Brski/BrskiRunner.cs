using System.Globalization;
using DeviceTrust.Cli.Network;
using DeviceTrust.Enrollment.Vouchers;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Cli.Brski;

/// <summary>Runs <c>brski request</c> with <see cref="BrskiPledge"/>, printing each step; see <see cref="ExitCodes"/>.</summary>
public sealed class BrskiRunner(TextWriter output, TextWriter error, TimeProvider timeProvider) : NetworkRunner(output, error, timeProvider)
{
    public Task<int> RequestAsync(BrskiRequest request, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        using var idevid = CliFiles.ReadIdentity(request.CertificatePath, request.KeyPath, request.MasaCertificatePath);
        if (idevid.SerialNumber is null)
            throw new CliException($"--cert '{idevid.Certificate.Subject}' has no serialNumber attribute, so it is no IDevID (RFC 8995 2.3.1)", ExitCodes.MalformedInput);
        var options = new PledgeOptions
        {
            ConstrainedVoucher = request.Cose,
            MaxAttempts = request.Attempts,
            TimeProvider = Time,
            Progress = new LineProgress(Output),
        };
        var exchange = await new BrskiPledge(idevid, request.Server, options).RequestVoucherAsync(cancellationToken);

        var voucher = exchange.Voucher;
        Output.WriteLine($"voucher: serial-number {voucher.SerialNumber}, assertion {Assertion(voucher)}, "
            + $"created-on {Format(voucher.CreatedOn)}, expires-on {Format(voucher.ExpiresOn)}, after {exchange.Attempts} request(s)");
        Describe(Output, "pinned-domain-cert", exchange.PinnedDomainCertificate);
        Describe(Output, "registrar (now authenticated)", exchange.Registrar.Leaf);
        Output.WriteLine($"voucher_status: {(exchange.VoucherStatusAccepted ? "accepted by the registrar" : "NOT accepted by the registrar")}");
        CliFiles.WriteBytes(request.OutPath, exchange.SignedVoucher, "--out");
        Output.WriteLine($"voucher ({exchange.MediaType}) written to {request.OutPath}");
        CliFiles.WriteText(request.DomainCaOutPath, exchange.PinnedDomainCertificate.ExportCertificatePem() + "\n", "--domain-ca-out");
        Output.WriteLine($"pinned domain CA written to {request.DomainCaOutPath}; use it as --trust for est");
        return ExitCodes.Success;
    });

    private static string Assertion(Voucher voucher) => voucher.Assertion?.ToString().ToLowerInvariant() ?? "(none)";

    private static string Format(DateTimeOffset? time) => time?.ToString("u", CultureInfo.InvariantCulture) ?? "(none)";

    /// <summary>Writes each step at once, on the reporting thread (<see cref="Progress{T}"/> would post it elsewhere).</summary>
    private sealed class LineProgress(TextWriter writer) : IProgress<string>
    {
        public void Report(string value) => writer.WriteLine(value);
    }
}
