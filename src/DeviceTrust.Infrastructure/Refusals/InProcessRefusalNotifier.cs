using System.Collections.Concurrent;
using DeviceTrust.Application.Refusals;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Infrastructure.Refusals;

/// <summary>Fans refusal changes out to the open Refusals pages of this process; a failing subscriber is logged, not fatal.</summary>
internal sealed class InProcessRefusalNotifier(ILogger<InProcessRefusalNotifier> logger) : IRefusalNotifier
{
    private readonly ConcurrentDictionary<Subscription, Func<RefusalsChanged, Task>> _subscribers = new();

    public void Publish(RefusalsChanged change)
    {
        foreach (var subscriber in _subscribers.Values) _ = NotifyAsync(subscriber, change);
    }

    public IDisposable Subscribe(Func<RefusalsChanged, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this);
        _subscribers[subscription] = handler;
        return subscription;
    }

    private async Task NotifyAsync(Func<RefusalsChanged, Task> subscriber, RefusalsChanged change)
    {
        try
        {
            await subscriber(change);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A refusal subscriber failed");
        }
    }

    private sealed class Subscription(InProcessRefusalNotifier owner) : IDisposable
    {
        public void Dispose() => owner._subscribers.TryRemove(this, out _);
    }
}
