using DeviceTrust.Application.Fleet;
using Microsoft.AspNetCore.Components;

namespace DeviceTrust.Web.Components.Shared;

/// <summary>
/// A component that refreshes when the fleet changes. It subscribes after the first render, coalesces bursts of
/// changes (telemetry arrives many times a second) into at most one refresh per <see cref="RefreshInterval"/>,
/// marshals onto the circuit with InvokeAsync, and unsubscribes when disposed. A component whose refresh is a load
/// (a MudDataGrid with ServerData) refreshes through <see cref="CoalescingRefresh"/>, so that a refresh never cancels
/// the load in flight and a stream of changes cannot starve it.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private readonly Lock _lock = new();
    private readonly HashSet<DeviceChanged> _pending = [];
    private IDisposable? _subscription;
    private bool _scheduled;
    private bool _disposed;

    [Inject] private IFleetNotifier Notifier { get; set; } = default!;

    protected virtual TimeSpan RefreshInterval => TimeSpan.FromMilliseconds(500);

    /// <summary>Which changes matter to this component.</summary>
    protected virtual bool IsRelevant(DeviceChanged change) => true;

    /// <summary>Called on the circuit's context with the relevant changes since the last refresh.</summary>
    protected abstract Task OnFleetChangedAsync(IReadOnlyCollection<DeviceChanged> changes);

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender) _subscription = Notifier.Subscribe(OnChangesAsync);
    }

    private async Task OnChangesAsync(IReadOnlyCollection<DeviceChanged> changes)
    {
        lock (_lock)
        {
            foreach (var change in changes.Where(IsRelevant)) _pending.Add(change);
            if (_scheduled || _pending.Count == 0 || _disposed) return;
            _scheduled = true;
        }

        await Task.Delay(RefreshInterval);
        DeviceChanged[] batch;
        lock (_lock)
        {
            batch = [.. _pending];
            _pending.Clear();
            _scheduled = false;
            if (_disposed) return;
        }

        await InvokeAsync(async () =>
        {
            await OnFleetChangedAsync(batch);
            StateHasChanged();
        });
    }

    public void Dispose()
    {
        lock (_lock) _disposed = true;
        _subscription?.Dispose();
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
