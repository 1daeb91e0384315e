using DeviceTrust.Domain.Devices;
using static DeviceTrust.Domain.Devices.DeviceState;

namespace DeviceTrust.Domain.Tests.Devices;

public sealed class DeviceLifecycleTests
{
    /// <summary>
    /// Written from ARCHITECTURE.md, "Device lifecycle", independently of DeviceLifecycle's table:
    /// Manufactured -> Bootstrapping -> Enrolled -> Operational &lt;-> Quarantined; Operational -> Updating -> Operational;
    /// any live state -> Revoked -> Decommissioned; plus the extras DeviceLifecycle documents
    /// (Bootstrapping -> Manufactured, Enrolled -> Quarantined, Updating -> Quarantined), and from issue 9
    /// Quarantined -> Updating (the update issue repairs a quarantined device).
    /// </summary>
    private static readonly HashSet<(DeviceState From, DeviceState To)> Legal =
    [
        (Manufactured, Bootstrapping), (Bootstrapping, Enrolled), (Enrolled, Operational),
        (Operational, Quarantined), (Quarantined, Operational),
        (Operational, Updating), (Updating, Operational),
        (Manufactured, Revoked), (Bootstrapping, Revoked), (Enrolled, Revoked), (Operational, Revoked), (Quarantined, Revoked), (Updating, Revoked),
        (Revoked, Decommissioned),
        (Bootstrapping, Manufactured), (Enrolled, Quarantined), (Updating, Quarantined),
        (Quarantined, Updating),
    ];

    public static TheoryData<DeviceState, DeviceState> AllPairs()
    {
        var data = new TheoryData<DeviceState, DeviceState>();
        foreach (var from in Enum.GetValues<DeviceState>())
        foreach (var to in Enum.GetValues<DeviceState>())
            data.Add(from, to);
        return data;
    }

    [Fact]
    public void AllPairs_CoverEveryStatePair_SixtyFour()
    {
        Assert.Equal(8, Enum.GetValues<DeviceState>().Length);
        Assert.Equal(64, AllPairs().Count);
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void TransitionTo_EveryStatePair_FollowsTheArchitectureTable(DeviceState from, DeviceState to)
    {
        var device = TestDevices.InState(from);
        var later = TestDevices.Now.AddHours(1);

        if (Legal.Contains((from, to)))
        {
            var change = device.TransitionTo(to, "operator decision", "test", later);

            Assert.Equal(from, change.From);
            Assert.Equal(to, change.To);
            Assert.Equal(device.Id, change.DeviceId);
            Assert.Equal(device.SerialNumber, change.SerialNumber);
            Assert.Equal("operator decision", change.Reason);
            Assert.Equal(to, device.State);
            Assert.Equal(later, device.StateChangedAt);
        }
        else
        {
            var e = Assert.Throws<InvalidTransitionException>(() => device.TransitionTo(to, "operator decision", "test", later));

            Assert.Equal(from, e.From);
            Assert.Equal(to, e.To);
            Assert.Equal(from, device.State);
            Assert.NotEqual(later, device.StateChangedAt);
        }
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void CanTransition_EveryStatePair_AgreesWithTheArchitectureTable(DeviceState from, DeviceState to)
    {
        Assert.Equal(Legal.Contains((from, to)), DeviceLifecycle.CanTransition(from, to));
    }

    [Theory]
    [InlineData(Manufactured)]
    [InlineData(Bootstrapping)]
    [InlineData(Enrolled)]
    [InlineData(Operational)]
    [InlineData(Quarantined)]
    [InlineData(Updating)]
    [InlineData(Revoked)]
    [InlineData(Decommissioned)]
    public void NextStates_AnyState_ListsExactlyTheLegalTargets(DeviceState from)
    {
        var expected = Legal.Where(p => p.From == from).Select(p => p.To).Order().ToList();

        Assert.Equal(expected, DeviceLifecycle.NextStates(from).Order().ToList());
    }

    [Fact]
    public void NextStates_Decommissioned_IsTerminal()
    {
        Assert.Empty(DeviceLifecycle.NextStates(Decommissioned));
    }
}
