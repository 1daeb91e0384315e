namespace DeviceTrust.Simulator.Tests.Infrastructure;

/// <summary>Waits for an asynchronous outcome by polling a condition, failing after a generous timeout.</summary>
internal static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task WaitUntilAsync(Func<bool> condition, string description, TimeSpan? timeout = null)
    {
        using var expired = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        expired.CancelAfter(timeout ?? DefaultTimeout);
        while (!condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), expired.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting until {description}.");
            }
        }
    }
}
