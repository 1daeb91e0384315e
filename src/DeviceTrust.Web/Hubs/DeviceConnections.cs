using System.Collections.Concurrent;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Application.Fleet.Telemetry;
using Microsoft.AspNetCore.SignalR;

namespace DeviceTrust.Web.Hubs;

/// <summary>
/// The devices connected to the hub right now. A device that is revoked or decommissioned while connected is cut off
/// at once, not at its next reconnect: its certificate authenticated the connection, and revocation withdraws that.
/// </summary>
internal sealed class DeviceConnections(IFleetNotifier notifier, DeviceAuthenticator devices, ILogger<DeviceConnections> logger)
    : IHostedService
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, HubCallerContext>> _byDevice = new();
    private IDisposable? _subscription;

    /// <summary>
    /// Tracks the connection, then looks at the device once more: a revocation saved between authentication and now
    /// was announced before the connection was tracked, so it is caught here instead.
    /// </summary>
    public async Task AddAsync(Guid deviceId, HubCallerContext connection, CancellationToken cancellationToken)
    {
        _byDevice.GetOrAdd(deviceId, _ => new ConcurrentDictionary<string, HubCallerContext>())[connection.ConnectionId] = connection;
        foreach (var (_, why) in await devices.BarredAmongAsync([deviceId], cancellationToken))
        {
            logger.LogWarning("Device {DeviceId} is {State}: its new hub connection was closed", deviceId, why);
            connection.Abort();
        }
    }

    public void Remove(Guid deviceId, HubCallerContext connection)
    {
        if (_byDevice.TryGetValue(deviceId, out var connections))
            connections.TryRemove(connection.ConnectionId, out _);
    }

    public int CountFor(Guid deviceId) => _byDevice.TryGetValue(deviceId, out var connections) ? connections.Count : 0;

    /// <summary>One of the device's connections, or null when it has none.</summary>
    public string? AnyFor(Guid deviceId) =>
        _byDevice.TryGetValue(deviceId, out var connections) ? connections.Keys.FirstOrDefault() : null;

    /// <summary>The devices with at least one connection now.</summary>
    public IReadOnlyList<Guid> Connected() => _byDevice.Where(d => !d.Value.IsEmpty).Select(d => d.Key).ToList();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.Subscribe(changes =>
        {
            var connected = changes.Where(c => c.Kind == DeviceChangeKind.StateChanged && CountFor(c.DeviceId) > 0).Select(c => c.DeviceId).Distinct().ToList();
            // The notifier calls on the publisher's thread: the lookup runs elsewhere.
            if (connected.Count > 0)
                _ = Task.Run(() => DisconnectIfBarredAsync(connected));
            return Task.CompletedTask;
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private async Task DisconnectIfBarredAsync(IReadOnlyList<Guid> deviceIds)
    {
        try
        {
            foreach (var (deviceId, why) in await devices.BarredAmongAsync(deviceIds))
            {
                if (!_byDevice.TryGetValue(deviceId, out var connections)) continue;
                foreach (var connection in connections.Values)
                    connection.Abort();
                logger.LogWarning("Device {DeviceId} is {State}: its hub connection was closed", deviceId, why);
            }
        }
        catch (Exception e)
        {
            // A failed check must not take the notifier down; the device is refused at its next connect anyway.
            logger.LogError(e, "Could not check whether connected devices were revoked");
        }
    }
}
