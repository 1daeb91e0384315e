using DeviceTrust.Application.Fleet;

namespace DeviceTrust.Web.Tests.Infrastructure;

/// <summary>
/// A fleet notifier of one component test's own: what the test publishes reaches only the components it renders, not
/// the shared app's other listeners.
/// </summary>
public sealed class TestFleetNotifier : IFleetNotifier
{
    private readonly Lock _lock = new();
    private Func<IReadOnlyCollection<DeviceChanged>, Task>[] _handlers = [];
    private int _batchesHandled;

    /// <summary>
    /// How many deliveries a subscriber finished after returning from them. A live component returns at once from the
    /// changes it only queues, and finishes the delivery that carried a batch once it has handled that batch; so this
    /// counts the batches the components took in.
    /// </summary>
    public int BatchesHandled => Volatile.Read(ref _batchesHandled);

    public void Publish(IReadOnlyCollection<DeviceChanged> changes)
    {
        Func<IReadOnlyCollection<DeviceChanged>, Task>[] handlers;
        lock (_lock) handlers = _handlers;
        foreach (var handler in handlers)
        {
            var delivery = handler(changes);
            if (!delivery.IsCompleted) _ = CountWhenHandledAsync(delivery);
        }
    }

    private async Task CountWhenHandledAsync(Task delivery)
    {
        await delivery.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Interlocked.Increment(ref _batchesHandled);
    }

    public IDisposable Subscribe(Func<IReadOnlyCollection<DeviceChanged>, Task> handler)
    {
        lock (_lock) _handlers = [.. _handlers, handler];
        return new Subscription(() =>
        {
            lock (_lock) _handlers = _handlers.Where(h => h != handler).ToArray();
        });
    }

    /// <summary>
    /// Publishes a device registration every <paramref name="every"/> until <paramref name="stop"/> is cancelled: a
    /// steady stream of relevant changes, paced, for a test to run other steps against.
    /// </summary>
    public async Task StreamAsync(TimeSpan every, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(every);
        var n = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                n++;
                Publish([new DeviceChanged(Guid.NewGuid(), $"BUNIT-STREAM-{n}", DeviceChangeKind.Registered)]);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
