namespace DeviceTrust.Application.Updates.WhatIf;

/// <summary>
/// A sandbox's clock: it stands still until the runner advances it. Only "now" is simulated: a sandbox starts no hosted
/// service, and nothing the runner calls sets a timer. (Microsoft.Extensions.TimeProvider.Testing's FakeTimeProvider does the
/// same and more, but is a test package.)
/// </summary>
public sealed class WhatIfClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), "A clock only moves forward.");
        Interlocked.Add(ref _ticks, by.Ticks);
    }
}
