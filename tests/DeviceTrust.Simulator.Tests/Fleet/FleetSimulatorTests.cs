using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Fleet;
using DeviceTrust.Simulator.Tests.Infrastructure;

namespace DeviceTrust.Simulator.Tests.Fleet;

public sealed class FleetSimulatorTests
{
    private static readonly string[] Serials = Enumerable.Range(1, 6).Select(n => $"ACME-T1-FLT-{n:D5}").ToArray();

    [Fact]
    public async Task StartAsync_MixedFleet_ConnectsValidDevicesAndRejectsTheImpostor()
    {
        await using var server = await TestDeviceServer.StartAsync();
        var credentials = server.NewCredentials();
        credentials.Refuse(Serials[^1], "counterfeit IDevID");
        var specs = Serials.Select(serial => DeviceFixtures.Spec(serial)).ToList();
        var options = new FleetSimulatorOptions { StartStagger = TimeSpan.FromMilliseconds(5) };
        await using var fleet = new FleetSimulator(specs, DeviceFixtures.Settings(server.Url, credentials), options);

        await fleet.StartAsync(TestContext.Current.CancellationToken);
        await Wait.UntilAsync(
            () => fleet.GetSnapshot() is { Connected: 5, Rejected: 1, MessagesSent: > 30 },
            "five devices connected, one rejected and messages flowing");
        await fleet.StopAsync();

        var final = fleet.GetSnapshot();
        Assert.Equal(6, final.Total);
        Assert.Equal(5, final.Stopped);
        Assert.Equal(1, final.Rejected);
        var impostor = fleet.Find(Serials[^1])!.GetSnapshot();
        Assert.Equal(DeviceStatus.Rejected, impostor.Status);
        Assert.Equal("counterfeit IDevID", impostor.Problem);
        Assert.All(Serials[..^1], serial => Assert.NotEmpty(server.Recorder.Telemetry(serial)));
    }

    [Fact]
    public async Task Constructor_Specs_CreatesPendingDevicesInOrder()
    {
        var specs = Serials.Select(serial => DeviceFixtures.Spec(serial)).ToList();
        var credentials = new TestCredentials(new TestCa());
        await using var fleet = new FleetSimulator(specs, DeviceFixtures.Settings(DeviceFixtures.Nowhere, credentials));

        Assert.Equal(Serials, fleet.Devices.Select(device => device.Serial));
        Assert.All(fleet.Devices, device => Assert.Equal(DeviceStatus.Pending, device.Status));
        Assert.Same(fleet.Devices[2], fleet.Find(Serials[2]));
        Assert.Null(fleet.Find("UNKNOWN"));
        Assert.Equal(6, fleet.GetSnapshot().Pending);
        Assert.All(Serials, serial => Assert.Equal(0, credentials.Calls(serial)));
    }

    [Fact]
    public void SendRateSince_TwoSnapshots_IsMessagesPerSecond()
    {
        var start = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        var earlier = FleetSnapshot.From([], start) with { MessagesSent = 100 };
        var later = earlier with { MessagesSent = 400, TakenAt = start.AddSeconds(2) };

        Assert.Equal(150, later.SendRateSince(earlier));
        Assert.Equal(0, earlier.SendRateSince(earlier));
    }

    [Fact]
    public void From_DeviceSnapshots_CountsStatusesAndSumsCounters()
    {
        DeviceSnapshot[] devices =
        [
            new("A", DeviceStatus.Connected, 10, 1, 2, 3, 4),
            new("B", DeviceStatus.Connected, 5, 0, 0, 0, 0),
            new("C", DeviceStatus.Rejected, 0, 0, 0, 0, 0, "refused"),
            new("D", DeviceStatus.Reconnecting, 1, 1, 1, 1, 1),
            new("E", DeviceStatus.Enrolling, 0, 0, 0, 0, 0, "registrar unreachable"),
            new("F", DeviceStatus.Pending, 0, 0, 0, 0, 0),
        ];

        var snapshot = FleetSnapshot.From(devices, DateTimeOffset.UnixEpoch);

        Assert.Equal((6, 1, 1, 2, 1, 1),
            (snapshot.Total, snapshot.Pending, snapshot.Enrolling, snapshot.Connected, snapshot.Rejected, snapshot.Reconnecting));
        Assert.Equal((0, 0), (snapshot.Connecting, snapshot.Stopped));
        Assert.Equal((16L, 2L, 3L, 4L, 5L),
            (snapshot.MessagesSent, snapshot.SendErrors, snapshot.Reconnects, snapshot.Dropped, snapshot.Malformed));
    }
}
