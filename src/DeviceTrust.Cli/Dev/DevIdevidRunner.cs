using DeviceTrust.Cli.Network;

namespace DeviceTrust.Cli.Dev;

/// <summary>
/// Runs <c>dev idevid</c>: mints through <see cref="IdevidMint"/> as the token's owner (a security officer), checks that
/// the key belongs to the certificate, and writes the files; see <see cref="ExitCodes"/>.
/// </summary>
public sealed class DevIdevidRunner(TextWriter output, TextWriter error, TimeProvider timeProvider) : NetworkRunner(output, error, timeProvider)
{
    public Task<int> RunAsync(DevIdevidRequest request, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        using var http = Connect(request.Server);
        MintedIdevid minted;
        try
        {
            minted = await IdevidMint.MintAsync(http, request.Token, request.Manufacturer, request.SerialNumber, validity: null, cancellationToken);
        }
        catch (IdevidMintRefusedException e)
        {
            return Refused("dev idevid", e.Error);
        }

        using (var identity = IdevidMint.ToIdentity(minted))
        {
            Describe(Output, "IDevID", identity.Certificate);
            Describe(Output, "MASA (voucher trust anchor)", identity.MasaCertificate!);
        }
        foreach (var path in IdevidFiles.Write(minted, request.OutputDirectory))
            Output.WriteLine($"written {path}");
        return ExitCodes.Success;
    });
}
