using DeviceTrust.Application.Fleet;

namespace DeviceTrust.Testing;

/// <summary>Subscribes to the fleet notifier and lets a test await a condition over what it received.</summary>
public sealed class NotificationRecorder : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly Lock _lock = new();
    private readonly List<IReadOnlyCollection<DeviceChanged>> _batches = [];
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
    public Task WaitUntilAsync(Func<IReadOnlyList<IReadOnlyCollection<DeviceChanged>>, bool> condition, string description) =>
        Wait.UntilAsync(() => condition(Batches), description, timeout: Timeout);

    public void Dispose() => _subscription.Dispose();

    private Task OnChangesAsync(IReadOnlyCollection<DeviceChanged> changes)
    {
        lock (_lock) _batches.Add(changes);
        return Task.CompletedTask;
    }
}
