using DeviceTrust.Application.Attestation.Verifier;
using Microsoft.AspNetCore.SignalR;

namespace DeviceTrust.Web.Hubs;

/// <summary>
/// Challenges go to a device over its hub connection as the client method <see cref="MethodName"/> with one argument, the
/// <see cref="AttestationChallenge"/> as JSON. A device with more than one connection is asked on one only: each
/// session takes one answer, and a second would be refused as a replay.
/// </summary>
internal sealed class HubAttestationChannel(IHubContext<DeviceHub> hub, DeviceConnections connections) : IDeviceAttestationChannel
{
    public const string MethodName = "Attest";

    public bool IsConnected(Guid deviceId) => connections.CountFor(deviceId) > 0;

    public async Task<bool> SendAsync(Guid deviceId, AttestationChallenge challenge, CancellationToken cancellationToken)
    {
        if (connections.AnyFor(deviceId) is not { } connectionId) return false;
        await hub.Clients.Client(connectionId).SendAsync(MethodName, challenge, cancellationToken);
        return true;
    }
}
