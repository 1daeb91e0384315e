using DeviceTrust.Cli.Dev;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Cli.Simulate;

/// <summary>
/// The factory line of <c>simulate</c>: each device's DEV-ONLY IDevID minted by the server's development API as the
/// --token's owner (<see cref="IdevidMint"/>, as <c>dev idevid</c> does).
/// </summary>
/// <param name="api">A client whose base address is the server's HTTP API; the caller owns it.</param>
public sealed class DevApiIdevidIssuer(HttpClient api, string token) : IIdevidIssuer
{
    /// <exception cref="DeviceRefusedException">
    /// A 4xx (a token that may not mint, a manufacturer the server does not simulate) or an unusable answer: asking again
    /// would get the same. A 5xx or an unreachable server is thrown as is, and the device tries again later.
    /// </exception>
    public async Task<DeviceIdentity> IssueAsync(string manufacturer, string serialNumber, TimeSpan? validity, CancellationToken cancellationToken)
    {
        try
        {
            var minted = await IdevidMint.MintAsync(api, token, manufacturer, serialNumber, validity, cancellationToken);
            return IdevidMint.ToIdentity(minted);
        }
        catch (IdevidMintRefusedException e) when (e.Error.IsClientError)
        {
            throw new DeviceRefusedException($"the development API would not mint its IDevID ({manufacturer}): {e.Error}", e);
        }
        catch (CliException e)
        {
            throw new DeviceRefusedException($"the development API's IDevID is unusable: {e.Message}", e);
        }
    }
}
