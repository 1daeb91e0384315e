using System.Security.Cryptography;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Updates.Catalog;
using DeviceTrust.Application.Updates.Rollouts;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Updates;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Web.Tests.Integration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Updates;

/// <summary>
/// A rollout end to end with the hosted simulator's devices over the real device listener (mutual TLS, the SignalR hub):
/// offered over the hub, each device fetches its anchors, the envelope and the image, verifies and installs it with the
/// SUIT processor, posts its signed SUIT report, re-attests, and the conductor completes its update. One device whose
/// install fails crosses wave 1's error threshold: the rollout pauses, the operator excludes it and resumes, and the rest
/// finish verified.
/// </summary>
public sealed class RolloutWithSimulatedDevicesTests(SimulatorApiTests.SimulatorApp app) : IClassFixture<SimulatorApiTests.SimulatorApp>
{
    private static readonly Actor Operator = Actor.User("operator", "op-id", [Roles.Operator]);
    private static readonly Actor Officer = Actor.User("officer", "sec-id", [Roles.SecurityOfficer]);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private T Get<T>() where T : notnull => app.Factory.Services.GetRequiredService<T>();

    [Fact(Timeout = 180_000)]
    public async Task Rollout_InstallsOnSimulatedDevices_PausesOnTheFailingOne_AndFinishesVerifiedAfterExclusion()
    {
        // The hosted simulator's devices of one class, all in service (they bootstrap and attest at start).
        var ct = TestContext.Current.CancellationToken;
        var devices = app.Simulation.Devices;
        Assert.NotEmpty(devices);
        var serials = devices.Select(d => d.Serial).ToList();
        await Wait.UntilAsync(async () => (await StatesAsync(serials)).Values.All(s => s == DeviceState.Operational), "the simulated devices are Operational", Patience);
        var classId = await ClassOfAsync(serials[0]);
        var ours = (await ClassesAsync(serials)).Where(p => p.Value == classId).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        Assert.True(ours.Count >= 2, $"the simulated fleet has {ours.Count} device(s) of one class; the test needs two");
        var failing = ours[0];
        app.Simulation.Find(failing)!.Faults = FaultInjection.None with { InstallFailureRate = 1 };

        var release = await Get<PublishFirmwareHandler>().PublishImageAsync(Operator,
            new PublishImageRequest(classId, "9.0.0", "firmware", RandomNumberGenerator.GetBytes(2048)), ct);
        var rolloutId = await Get<RolloutHandlers>().CreateAsync(Operator, new CreateRolloutRequest("to 9.0.0", release.Id, null,
            [new WavePlan(1, false, 100, 50, true), new WavePlan(100, true, 100, 50, true)], AttestationGatePercent: 100), Ct);
        await Get<RolloutHandlers>().ApproveAsync(Officer, rolloutId, Ct);
        await Get<RolloutHandlers>().StartAsync(Operator, rolloutId, Ct);

        var paused = await WaitForAsync(rolloutId, r => r.Rollout.Status == RolloutStatus.Paused, "wave 1 pauses on its error threshold");
        Assert.Contains("error threshold of 50%", paused.Rollout.StatusReason, StringComparison.Ordinal);
        var failed = (await Get<RolloutQueries>().TargetsAsync(rolloutId, status: RolloutTargetStatus.Failed, cancellationToken: Ct)).Items.Single();
        Assert.Equal(failing, failed.SerialNumber);
        Assert.Contains("operation-failed (11) at install (20)", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(DeviceState.Quarantined, (await StatesAsync([failing]))[failing]);

        await Get<RolloutHandlers>().ExcludeAsync(Operator, rolloutId, failed.Id, "flash worn out", Ct);
        await Get<RolloutHandlers>().ResumeAsync(Operator, rolloutId, Ct);
        var done = await WaitForAsync(rolloutId, r => r.Rollout.Status is RolloutStatus.Completed or RolloutStatus.Paused, "the rollout completes");

        Assert.True(done.Rollout.Status == RolloutStatus.Completed, $"{done.Rollout.Status}: {done.Rollout.StatusReason}");
        Assert.Equal(ours.Count - 1, done.Rollout.Verified);
        foreach (var serial in ours.Skip(1))
        {
            await using var db = await Get<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
            var device = await db.Devices.AsNoTracking().SingleAsync(d => d.SerialNumber == serial, Ct);
            Assert.Equal(DeviceState.Operational, device.State);
            Assert.Equal("9.0.0", device.Components.Single(c => c.Name == "firmware").Version);
            var latest = await db.AttestationAppraisals.AsNoTracking().Where(a => a.DeviceId == device.Id).OrderByDescending(a => a.AppraisedAt).FirstAsync(Ct);
            Assert.Equal((Domain.Attestation.AttestationVerdict.Affirming, "9.0.0"), (latest.Verdict, latest.FirmwareVersion));
        }
    }

    private async Task<RolloutDetail> WaitForAsync(Guid rolloutId, Func<RolloutDetail, bool> condition, string what)
    {
        RolloutDetail? detail = null;
        await Wait.UntilAsync(async () => condition(detail = await Get<RolloutQueries>().GetAsync(rolloutId, Ct)), what, Patience);
        return detail!;
    }

    private async Task<Dictionary<string, DeviceState>> StatesAsync(IReadOnlyCollection<string> serials)
    {
        await using var db = await Get<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        return await db.Devices.AsNoTracking().Where(d => serials.Contains(d.SerialNumber)).ToDictionaryAsync(d => d.SerialNumber, d => d.State, Ct);
    }

    private async Task<Dictionary<string, Guid>> ClassesAsync(IReadOnlyCollection<string> serials)
    {
        await using var db = await Get<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        return await db.Devices.AsNoTracking().Where(d => serials.Contains(d.SerialNumber)).ToDictionaryAsync(d => d.SerialNumber, d => d.DeviceClassId, Ct);
    }

    private async Task<Guid> ClassOfAsync(string serial) => (await ClassesAsync([serial]))[serial];
}
