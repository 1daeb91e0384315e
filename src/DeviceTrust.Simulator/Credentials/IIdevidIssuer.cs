using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Simulator.Credentials;

/// <summary>
/// The factory line: where a simulated device gets its IDevID, the manufacturer-installed identity with the serial in
/// its subject and the MASA certificate beside it (IEEE 802.1AR; RFC 8995 2.3). The host provides it: the web app mints
/// from its simulated manufacturers, the CLI through the development API.
/// </summary>
public interface IIdevidIssuer
{
    /// <param name="validity">Null for the manufacturer's default; a short one makes an IDevID that expires (fault injection).</param>
    Task<DeviceIdentity> IssueAsync(string manufacturer, string serialNumber, TimeSpan? validity, CancellationToken cancellationToken);
}
