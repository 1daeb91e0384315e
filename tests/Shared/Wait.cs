namespace DeviceTrust.Testing;

/// <summary>
/// The one way tests wait for something asynchronous: poll a condition until it holds or a timeout passes, then fail
/// saying what was awaited. A condition wait, not a retried assertion, and never a fixed sleep; the test's own
/// cancellation ends it too. Linked as source into each test project that waits
/// (<c>&lt;Compile Include="..\Shared\Wait.cs" /&gt;</c>).
/// </summary>
public static class Wait
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    // Quick conditions are seen quickly; long waits (a child process, a fleet bootstrapping) poll gently.
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(250);

    private static readonly object Held = new();

    /// <param name="what">What is awaited, as the failure should name it: "the device connected".</param>
    /// <exception cref="TimeoutException">The condition did not hold within the timeout; the message says what was awaited.</exception>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        ForAsync(() => Task.FromResult(condition() ? Held : null), what, timeout);

    /// <inheritdoc cref="UntilAsync(Func{bool}, string, TimeSpan?)"/>
    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        ForAsync(async () => await condition() ? Held : null, what, timeout);

    /// <summary>Polls <paramref name="probe"/> until it yields a value, and returns it.</summary>
    /// <inheritdoc cref="UntilAsync(Func{bool}, string, TimeSpan?)"/>
    public static async Task<T> ForAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var limit = timeout ?? DefaultTimeout;
        using var expired = new CancellationTokenSource(limit);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken, expired.Token);
        var poll = FirstPoll;
        try
        {
            while (true)
            {
                if (await probe() is { } value) return value;
                await Task.Delay(poll, wait.Token);
                poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, MaxPoll.Ticks));
            }
        }
        catch (OperationCanceledException) when (expired.IsCancellationRequested)
        {
            throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for: {what}.");
        }
    }
}
