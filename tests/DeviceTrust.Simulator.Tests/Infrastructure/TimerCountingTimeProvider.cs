using Microsoft.Extensions.Time.Testing;

namespace DeviceTrust.Simulator.Tests.Infrastructure;

/// <summary>
/// A fake clock that counts the timers set on it, so a test knows a device is waiting (a retry delay is a timer) before
/// it moves the clock.
/// </summary>
public sealed class TimerCountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _timers;

    public int TimersCreated => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        // Counted once the timer is set, so advancing the clock after seeing the count fires it.
        Interlocked.Increment(ref _timers);
        return timer;
    }
}
