using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Updates;

namespace DeviceTrust.Domain.Tests.Updates;

public sealed class RolloutRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static FirmwareRelease Release() => FirmwareRelease.Publish(Guid.NewGuid(), "T1", "2.0.0", 3, 2, new byte[32], [1], FirmwareReleaseOrigin.CatalogSigned,
        "CN=author", Guid.NewGuid(), null, [new ReleaseImage("firmware", "", new byte[32], 10)], "user:op", Now);

    private static Rollout Running(int? gate = null, params RolloutWave[] waves)
    {
        var rollout = Rollout.Create("r", Release(), "T1", null, waves, gate, null, null, "user:op", Now);
        rollout.Approve("user:officer", Now);
        rollout.Start("user:op", Now);
        return rollout;
    }

    [Theory]
    [InlineData(10, 0, 0, 0, 5, 5, WaveVerdict.PauseOnErrors)]   // 50% failed, threshold 50
    [InlineData(10, 3, 0, 0, 5, 2, WaveVerdict.Continue)]        // 20% failed, 50% updated of 80
    [InlineData(10, 1, 0, 0, 9, 0, WaveVerdict.Advance)]         // 90% updated, threshold 80
    [InlineData(10, 0, 0, 2, 6, 2, WaveVerdict.Advance)]         // 80% updated
    [InlineData(10, 0, 0, 0, 7, 3, WaveVerdict.PauseForCheck)]   // finished below 80% without crossing 50% errors
    public void Judge_FirstOfTwoWaves_ErrorsFirstThenSuccess(int total, int pending, int offered, int installed, int verified, int failed, WaveVerdict expected)
    {
        var rollout = Running(null, new RolloutWave(total, 80, 50, true), new RolloutWave(5, 100, 10, true));

        var (verdict, _) = WaveRules.Judge(rollout, new WaveProgress(total, pending, offered, installed, verified, failed));

        Assert.Equal(expected, verdict);
    }

    [Fact]
    public void Judge_AttestationGate_WaitsForAffirmingVerdicts_AndManualWavesPauseForACheck()
    {
        var gated = Running(90, new RolloutWave(10, 80, 50, true), new RolloutWave(5, 100, 10, true));
        Assert.Equal(WaveVerdict.Continue, WaveRules.Judge(gated, new WaveProgress(10, 0, 0, 5, 5, 0)).Verdict);
        Assert.Equal(WaveVerdict.Advance, WaveRules.Judge(gated, new WaveProgress(10, 0, 0, 1, 9, 0)).Verdict);

        var manual = Running(null, new RolloutWave(10, 80, 50, false), new RolloutWave(5, 100, 10, true));
        var (verdict, why) = WaveRules.Judge(manual, new WaveProgress(10, 0, 0, 0, 10, 0));
        Assert.Equal(WaveVerdict.PauseForCheck, verdict);
        Assert.Contains("manual check", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_WaveWithEveryDeviceExcluded_Advances_EvenWithAGate()
    {
        var rollout = Running(100, new RolloutWave(1, 100, 50, false), new RolloutWave(5, 100, 10, true));
        Assert.Equal(WaveVerdict.Advance, WaveRules.Judge(rollout, WaveProgress.Empty).Verdict);
    }

    [Fact]
    public void Judge_LastWave_CompletesOnlyWhenNothingIsInFlight()
    {
        var rollout = Running(null, new RolloutWave(10, 80, 50, true));
        Assert.Equal(WaveVerdict.Continue, WaveRules.Judge(rollout, new WaveProgress(10, 1, 0, 0, 9, 0)).Verdict);
        Assert.Equal(WaveVerdict.Advance, WaveRules.Judge(rollout, new WaveProgress(10, 0, 0, 0, 9, 1)).Verdict);
        rollout.AdvanceWave("done", "system", Now);
        Assert.Equal(RolloutStatus.Completed, rollout.Status);
    }

    [Fact]
    public void Rollout_RefusesIllegalDecisions_AndRecordsEveryDecisionWithItsActor()
    {
        var rollout = Rollout.Create("r", Release(), "T1", null, [new RolloutWave(1, 100, 10, true)], null, null, null, "user:op", Now);
        Assert.Throws<DomainException>(() => rollout.Start("user:op", Now));
        Assert.Throws<DomainException>(() => rollout.Approve("user:op", Now));
        rollout.Approve("user:officer", Now);
        Assert.Throws<DomainException>(() => rollout.Resume("user:op"));
        rollout.Start("user:op", Now);
        rollout.Pause("look", "user:op");
        rollout.Cancel("wrong", "user:op", Now);
        Assert.Throws<DomainException>(() => rollout.Cancel("again", "user:op", Now));

        Assert.Equal([(RolloutDecision.Created, "user:op"), (RolloutDecision.Approved, "user:officer"), (RolloutDecision.Started, "user:op"),
            (RolloutDecision.Paused, "user:op"), (RolloutDecision.Cancelled, "user:op")], rollout.DomainEvents.OfType<RolloutDecided>().Select(e => (e.Decision, e.By)));
    }

    [Fact]
    public void Create_RefusesAWithdrawnRelease_AndWavesOutOfRange()
    {
        var release = Release();
        release.Withdraw("T1", "bad", "user:op", Now);
        Assert.Throws<DomainException>(() => Rollout.Create("r", release, "T1", null, [new RolloutWave(1, 100, 10, true)], null, null, null, "user:op", Now));
        Assert.Throws<DomainException>(() => Rollout.Create("r", Release(), "T1", null, [new RolloutWave(1, 0, 10, true)], null, null, null, "user:op", Now));
        Assert.Throws<DomainException>(() => Rollout.Create("r", Release(), "T1", null, [], null, null, null, "user:op", Now));
    }

    [Theory]
    [InlineData("22:00", "04:00", "23:30", true)]
    [InlineData("22:00", "04:00", "03:59", true)]
    [InlineData("22:00", "04:00", "12:00", false)]
    [InlineData("01:00", "05:00", "05:00", false)]
    [InlineData("01:00", "05:00", "01:00", true)]
    public void MaintenanceWindow_ContainsUtcTimesOfDay_AcrossMidnightToo(string start, string end, string at, bool expected)
    {
        var window = new MaintenanceWindow(TimeOnly.Parse(start), TimeOnly.Parse(end));
        var time = TimeOnly.Parse(at);
        Assert.Equal(expected, window.Contains(new DateTimeOffset(2026, 12, 6, time.Hour, time.Minute, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Target_FollowsItsLifecycle_AndRefusesSkippingSteps()
    {
        var rollout = Running(null, new RolloutWave(1, 100, 10, true));
        var target = RolloutTarget.Plan(rollout, Guid.NewGuid(), "SN-1", 0, Now);
        Assert.Throws<DomainException>(() => target.ReportInstalled("device:SN-1", Now));
        Assert.Throws<DomainException>(() => target.Offer(new byte[8], DeviceState.Operational, "system", Now));
        target.Offer(new byte[16], DeviceState.Operational, "system", Now);
        target.Fail("install failed", "device:SN-1", Now);
        target.Retry("user:op", Now);
        target.Offer(new byte[16], DeviceState.Quarantined, "system", Now);
        target.ReportInstalled("device:SN-1", Now);
        target.Verify("attested", "system", Now);

        Assert.Equal((RolloutTargetStatus.Verified, 2, DeviceState.Operational), (target.Status, target.Attempts, target.StateBefore));
        Assert.Throws<DomainException>(() => target.Exclude("late", "user:op", Now));
        Assert.Equal([RolloutTargetStatus.Offered, RolloutTargetStatus.Failed, RolloutTargetStatus.Pending, RolloutTargetStatus.Offered, RolloutTargetStatus.Installed,
            RolloutTargetStatus.Verified], target.DomainEvents.OfType<RolloutTargetChanged>().Select(e => e.To));
    }
}
