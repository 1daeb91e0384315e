using DeviceTrust.Application.Common;

namespace DeviceTrust.Web.Tests.Infrastructure;

/// <summary>
/// A slow database at the boundary: while closed, every context a handler asks for waits until the test opens the gate
/// (or the asker cancels). Counts the loads that reached it and those cancelled while waiting, and can fail the next one.
/// </summary>
public sealed class GatedDbContextFactory(IDeviceTrustDbContextFactory inner) : IDeviceTrustDbContextFactory
{
    private TaskCompletionSource _gate = Opened();
    private Exception? _failNext;
    private int _arrived;
    private int _cancelled;

    /// <summary>How many loads asked for a context so far, held or not.</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    /// <summary>How many of them gave up (their token was cancelled) while held at the gate.</summary>
    public int Cancelled => Volatile.Read(ref _cancelled);

    public void Close()
    {
        if (Volatile.Read(ref _gate).Task.IsCompleted) Volatile.Write(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    public void Open() => Volatile.Read(ref _gate).TrySetResult();

    /// <summary>The next load through the gate fails with <paramref name="error"/>.</summary>
    public void FailNext(Exception error) => Volatile.Write(ref _failNext, error);

    public async Task<IDeviceTrustDbContext> CreateAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _arrived);
        try
        {
            await Volatile.Read(ref _gate).Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelled);
            throw;
        }

        if (Interlocked.Exchange(ref _failNext, null) is { } error) throw error;
        return await inner.CreateAsync(cancellationToken);
    }

    private static TaskCompletionSource Opened()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }
}
