using DeviceTrust.Application.Fleet;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Infrastructure.Fleet;

/// <summary>
/// Fans device changes out to the subscribers of this process (each open Blazor circuit). Several app instances
/// would put a SignalR backplane behind this; one instance needs nothing more.
/// </summary>
internal sealed class InProcessFleetNotifier(ILogger<InProcessFleetNotifier> logger) : IFleetNotifier
{
    private readonly Lock _lock = new();
    private Func<IReadOnlyCollection<DeviceChanged>, Task>[] _handlers = [];

    public void Publish(IReadOnlyCollection<DeviceChanged> changes)
    {
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            _ = InvokeAsync(handler, changes);
        }
    }

    public IDisposable Subscribe(Func<IReadOnlyCollection<DeviceChanged>, Task> handler)
    {
        lock (_lock) _handlers = [.. _handlers, handler];
        return new Subscription(this, handler);
    }

    private async Task InvokeAsync(Func<IReadOnlyCollection<DeviceChanged>, Task> handler, IReadOnlyCollection<DeviceChanged> changes)
    {
        try
        {
            await handler(changes);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A fleet change subscriber failed");
        }
    }

    private void Unsubscribe(Func<IReadOnlyCollection<DeviceChanged>, Task> handler)
    {
        lock (_lock) _handlers = _handlers.Where(h => h != handler).ToArray();
    }

    private sealed class Subscription(InProcessFleetNotifier owner, Func<IReadOnlyCollection<DeviceChanged>, Task> handler) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(handler);
    }
}
