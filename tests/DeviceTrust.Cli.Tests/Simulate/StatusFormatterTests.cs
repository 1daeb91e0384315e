using DeviceTrust.Cli.Simulate;
using DeviceTrust.Simulator.Fleet;

namespace DeviceTrust.Cli.Tests.Simulate;

public sealed class StatusFormatterTests
{
    private static readonly FleetSnapshot Snapshot = new(
        Total: 10, Pending: 1, Connecting: 1, Connected: 6, Reconnecting: 1, Rejected: 1, Stopped: 0,
        MessagesSent: 1234, SendErrors: 2, Reconnects: 3, Dropped: 4, Malformed: 5, TakenAt: DateTimeOffset.UnixEpoch);

    [Fact]
    public void StatusLine_Snapshot_ShowsCountsRateAndElapsed()
    {
        var line = StatusFormatter.StatusLine(Snapshot, 12.345, TimeSpan.FromSeconds(65));

        Assert.Equal(
            "[00:01:05] devices 10: connected 6, connecting 2, reconnecting 1, rejected 1 | sent 1234 (12.3/s), "
            + "errors 2, reconnects 3",
            line);
    }

    [Fact]
    public void Summary_FinalSnapshot_ShowsTotalsAndAverageRate()
    {
        var summary = StatusFormatter.Summary(Snapshot, TimeSpan.FromSeconds(10));

        Assert.Equal(
            "Simulated 10 devices for 10.0 s: 1234 messages sent (123.4/s), 2 send errors, 3 reconnects, "
            + "1 rejected, 4 dropped, 5 malformed.",
            summary);
    }
}
