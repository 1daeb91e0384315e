using DeviceTrust.Application.Updates.Rollouts;
using Microsoft.AspNetCore.SignalR;

namespace DeviceTrust.Web.Hubs;

/// <summary>
/// Update offers go to a device over its hub connection as the client method <see cref="MethodName"/> with one argument,
/// the <see cref="UpdateOffer"/> as JSON (docs/update-protocol.md §1), on one of its connections.
/// </summary>
internal sealed class HubUpdateChannel(IHubContext<DeviceHub> hub, DeviceConnections connections) : IDeviceUpdateChannel
{
    public const string MethodName = "UpdateAvailable";

    public bool IsConnected(Guid deviceId) => connections.CountFor(deviceId) > 0;

    public async Task<bool> OfferAsync(Guid deviceId, UpdateOffer offer, CancellationToken cancellationToken)
    {
        if (connections.AnyFor(deviceId) is not { } connectionId) return false;
        await hub.Clients.Client(connectionId).SendAsync(MethodName, offer, cancellationToken);
        return true;
    }
}
