using DeviceTrust.Application.Fleet;

namespace DeviceTrust.Testing;

/// <summary>Subscribes to the fleet notifier and lets a test await a condition over what it received.</summary>
public sealed class NotificationRecorder : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly Lock _lock = new();
    private readonly List<IReadOnlyCollection<DeviceChanged>> _batches = [];
    private readonly List<(Func<IReadOnlyList<IReadOnlyCollection<DeviceChanged>>, bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private readonly IDisposable _subscription;

    public NotificationRecorder(IFleetNotifier notifier) => _subscription = notifier.Subscribe(OnChangesAsync);

    public IReadOnlyList<IReadOnlyCollection<DeviceChanged>> Batches
    {
        get
        {
            lock (_lock) return _batches.ToList();
        }
    }

    public IReadOnlyList<DeviceChanged> All => Batches.SelectMany(b => b).ToList();

    /// <summary>Completes when <paramref name="condition"/> holds over the batches received so far; fails after <see cref="Timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<IReadOnlyCollection<DeviceChanged>>, bool> condition, string description)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (condition(_batches)) return;
            _waiters.Add((condition, done));
        }

        try
        {
            await done.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Timed out after {Timeout} waiting until {description}; received {Batches.Count} batches.");
        }
    }

    public void Dispose() => _subscription.Dispose();

    private Task OnChangesAsync(IReadOnlyCollection<DeviceChanged> changes)
    {
        lock (_lock)
        {
            _batches.Add(changes);
            foreach (var waiter in _waiters.Where(w => w.Condition(_batches)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }

        return Task.CompletedTask;
    }
}
