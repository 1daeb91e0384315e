namespace DeviceTrust.Web.Tests.Infrastructure;

/// <summary>Waits for a condition with a timeout: a condition wait, not a retried assertion, and never a fixed sleep.</summary>
public static class Wait
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <exception cref="TimeoutException">The condition did not hold within the timeout; the message says which.</exception>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        await ForAsync(async () => await condition() ? (object?)true : null, what, cancellationToken, timeout);

    /// <summary>Polls <paramref name="probe"/> until it yields a value, and returns it.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T?>> probe, string what, CancellationToken cancellationToken, TimeSpan? timeout = null) where T : class
    {
        var limit = timeout ?? DefaultTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            while (true)
            {
                if (await probe() is { } value) return value;
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for: {what}.");
        }
    }
}
