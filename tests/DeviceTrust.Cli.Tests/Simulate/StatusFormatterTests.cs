using DeviceTrust.Cli.Simulate;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Fleet;

namespace DeviceTrust.Cli.Tests.Simulate;

public sealed class StatusFormatterTests
{
    private static readonly FleetSnapshot Snapshot = new(
        Total: 12, Pending: 1, Enrolling: 2, Connecting: 1, Connected: 6, Reconnecting: 1, Rejected: 1, Stopped: 0,
        MessagesSent: 1234, SendErrors: 2, Reconnects: 3, Dropped: 4, Malformed: 5, TakenAt: DateTimeOffset.UnixEpoch);

    [Fact]
    public void StatusLine_Snapshot_ShowsCountsRateAndElapsed()
    {
        var line = StatusFormatter.StatusLine(Snapshot, 12.345, TimeSpan.FromSeconds(65));

        Assert.Equal(
            "[00:01:05] devices 12: connected 6, enrolling 2, connecting 2, reconnecting 1, rejected 1 | sent 1234 (12.3/s), "
            + "errors 2, reconnects 3",
            line);
    }

    [Fact]
    public void Summary_StatesAtStopAndFinalCounters_ShowsBothAndTheProblems()
    {
        var atStop = FleetView.Of(
        [
            Device("A-1", DeviceStatus.Connected), Device("A-2", DeviceStatus.Rejected, "IDevID of A-2 not trusted"),
            Device("A-3", DeviceStatus.Enrolling, "registrar unreachable"),
        ], DateTimeOffset.UnixEpoch);
        var final = Snapshot with { Total = 3 };

        var summary = StatusFormatter.Summary(atStop, final, TimeSpan.FromSeconds(10));

        Assert.Equal(
            string.Join(Environment.NewLine,
                "Simulated 3 devices for 10.0 s: 1 connected, 1 enrolling, 0 connecting, 1 rejected; 1234 messages sent (123.4/s), "
                + "2 send errors, 3 reconnects, 4 dropped, 5 malformed.",
                "  rejected (A-2): IDevID of <serial> not trusted",
                "  enrolling (A-3): registrar unreachable"),
            summary);
    }

    [Fact]
    public void ProblemLines_SameProblemNamingEachDevice_GroupsThemMostCommonFirst()
    {
        var view = FleetView.Of(
        [
            Device("A-1", DeviceStatus.Rejected, "HTTP 403: other"),
            Device("A-2", DeviceStatus.Rejected, "HTTP 403: A-2 began with a different IDevID"),
            Device("A-3", DeviceStatus.Rejected, "HTTP 403: A-3 began with a different IDevID"),
            Device("A-4", DeviceStatus.Connected, "HTTP 403: ignored, the device is not rejected"),
        ], DateTimeOffset.UnixEpoch);

        Assert.Equal(
            ["  rejected (2 devices, e.g. A-2): HTTP 403: <serial> began with a different IDevID", "  rejected (A-1): HTTP 403: other"],
            StatusFormatter.ProblemLines(view));
    }

    [Fact]
    public void ProblemLines_MoreDistinctProblemsThanShown_CountsTheRest()
    {
        var view = FleetView.Of(
            [.. Enumerable.Range(1, StatusFormatter.MaxProblemsShown + 2).Select(n => Device($"A-{n}", DeviceStatus.Rejected, $"reason {n}"))],
            DateTimeOffset.UnixEpoch);

        var lines = StatusFormatter.ProblemLines(view);

        Assert.Equal(StatusFormatter.MaxProblemsShown + 1, lines.Count);
        Assert.Equal("  rejected: 2 more distinct problems", lines[^1]);
    }

    private static DeviceSnapshot Device(string serial, DeviceStatus status, string? problem = null) =>
        new(serial, status, MessagesSent: 0, SendErrors: 0, Reconnects: 0, Dropped: 0, Malformed: 0, problem);
}
