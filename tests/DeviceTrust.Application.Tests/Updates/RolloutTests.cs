using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Updates.Rollouts;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Updates;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Tests.Updates;

/// <summary>
/// Rollouts over a real SQLite file and the real conductor, on a controlled clock: planning, four-eyes approval, offers,
/// reports, attestation on the release, thresholds that pause, exclusion and resumption, cancellation, a restart mid-wave,
/// and two writers of one rollout.
/// </summary>
public sealed class RolloutTests
{
    private static readonly WavePlan One = new(1, false, 100, 50, true);
    private static readonly WavePlan Rest = new(100, true, 100, 50, true);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Preview_SplitsTheEligibleDevicesIntoWaves_AndSaysWhoIsLeftOut()
    {
        await using var bed = await (await RolloutTestBed.CreateAsync()).WithFleetAndReleaseAsync();

        var preview = await bed.Database.Get<RolloutPlanner>().PreviewAsync(bed.Release.Id, null, [One, new(50, true, 100, 50, false), Rest], Ct);

        Assert.Equal(bed.Devices.Count, preview.Eligible);
        Assert.Equal([1, (int)Math.Ceiling(bed.Devices.Count / 2.0), bed.Devices.Count - 1 - (int)Math.Ceiling(bed.Devices.Count / 2.0)],
            preview.Waves.Select(w => w.DeviceCount));
        Assert.Equal(bed.Devices.Keys.Order(StringComparer.Ordinal), preview.Waves.SelectMany(w => w.Devices).Select(d => d.SerialNumber));
        Assert.Equal(0, preview.NotInService);
    }

    [Fact]
    public async Task Approval_IsFourEyes_BySecurityOfficerOnly_AndStartNeedsIt()
    {
        await using var bed = await (await RolloutTestBed.CreateAsync()).WithFleetAndReleaseAsync();
        var id = await bed.Handlers.CreateAsync(TestActors.Operator(), bed.Request(Rest), Ct);

        await Assert.ThrowsAsync<ConflictException>(() => bed.Handlers.StartAsync(TestActors.Operator(), id, Ct));
        await Assert.ThrowsAsync<ForbiddenException>(() => bed.Handlers.ApproveAsync(TestActors.Operator(), id, Ct));
        var officerCreator = Actor.User("operator", "both-id", [Domain.Accounts.Roles.Operator, Domain.Accounts.Roles.SecurityOfficer]);
        var own = await bed.Handlers.CreateAsync(officerCreator, bed.Request(Rest) with { Name = "own" }, Ct).ContinueWith(t => t, Ct);
        Assert.True(own.IsFaulted, "the devices are already in the first rollout");
        var approveOwn = await Assert.ThrowsAsync<ConflictException>(() => bed.Handlers.ApproveAsync(
            Actor.User("operator", "test-operator-id", [Domain.Accounts.Roles.SecurityOfficer]), id, Ct));
        Assert.Contains("another person must approve it", approveOwn.Message, StringComparison.Ordinal);

        await bed.Handlers.ApproveAsync(TestActors.SecurityOfficer(), id, Ct);
        await bed.Handlers.StartAsync(TestActors.Operator(), id, Ct);

        var timeline = await bed.Queries.TimelineAsync(id, Ct);
        Assert.Equal([("created", "user:operator"), ("approved", "user:officer"), ("started", "user:operator")], timeline.Select(e => (e.Action, e.Actor)));
    }

    [Fact]
    public async Task Update_OfferedInstalledAndAttested_CompletesTheRollout_AndEveryStepShowsOnTheDeviceTimeline()
    {
        await using var bed = await (await RolloutTestBed.CreateAsync()).WithFleetAndReleaseAsync();
        var id = await bed.RunningAsync(bed.Request(One, Rest));
        var first = bed.Devices.Keys.Order(StringComparer.Ordinal).First();

        await bed.Conductor.TickAsync(Ct);

        var (deviceId, offer) = Assert.Single(bed.Channel.Offers);
        Assert.Equal((bed.Devices[first], "2.0.0", $"/firmware/releases/{bed.Release.Id}/envelope"), (deviceId, offer.Version, offer.EnvelopePath));
        Assert.Equal(DeviceState.Updating, (await bed.DeviceAsync(first)).State);
        Assert.Equal(RolloutTargetStatus.Offered, (await bed.TargetAsync(id, first)).Status);

        await bed.ReportAsync(id, first);
        Assert.Equal(RolloutTargetStatus.Installed, (await bed.TargetAsync(id, first)).Status);
        await bed.AttestAsync(first, AttestationVerdict.Affirming, "2.0.0");
        await bed.Conductor.TickAsync(Ct);

        Assert.Equal(RolloutTargetStatus.Verified, (await bed.TargetAsync(id, first)).Status);
        Assert.Equal(DeviceState.Operational, (await bed.DeviceAsync(first)).State);
        var detail = await bed.Queries.GetAsync(id, Ct);
        Assert.Equal(1, detail.Rollout.CurrentWave);
        await bed.Conductor.TickAsync(Ct);   // wave 2 offered

        foreach (var serial in bed.Devices.Keys.Where(s => s != first))
        {
            await bed.ReportAsync(id, serial);
            await bed.AttestAsync(serial, AttestationVerdict.Affirming, "2.0.0");
        }
        await bed.Conductor.TickAsync(Ct);
        await bed.Conductor.TickAsync(Ct);

        detail = await bed.Queries.GetAsync(id, Ct);
        Assert.Equal(RolloutStatus.Completed, detail.Rollout.Status);
        Assert.Equal(bed.Devices.Count, detail.Rollout.Verified);
        await using var db = await bed.Database.CreateDbContextAsync();
        var deviceTimeline = await db.AuditEntries.AsNoTracking().Where(e => e.TargetType == AuditTargets.Device && e.TargetId == first).Select(e => e.Action).ToListAsync(Ct);
        Assert.Contains("device.update-offered", deviceTimeline);
        Assert.Contains("device.update-installed", deviceTimeline);
        Assert.Contains("device.update-verified", deviceTimeline);
    }

    [Fact]
    public async Task ManualCheck_PausesTheDoneWave_ResumeJudgesItAgain_AdvanceStartsTheNextWave()
    {
        await using var bed = await (await RolloutTestBed.CreateAsync()).WithFleetAndReleaseAsync();
        var id = await bed.RunningAsync(bed.Request(new WavePlan(1, false, 100, 50, AdvanceAutomatically: false), Rest));
        await bed.Conductor.TickAsync(Ct);
        var first = bed.Devices.Keys.Order(StringComparer.Ordinal).First();
        await bed.ReportAsync(id, first);
        await bed.AttestAsync(first, AttestationVerdict.Affirming, "2.0.0");
        await bed.Conductor.TickAsync(Ct);

        var paused = (await bed.Queries.GetAsync(id, Ct)).Rollout;
        Assert.Equal((RolloutStatus.Paused, 0), (paused.Status, paused.CurrentWave));
        Assert.Contains("waiting for a manual check", paused.StatusReason, StringComparison.Ordinal);
        // Resuming is not the check: the same wave is judged again and waits again.
        await bed.Handlers.ResumeAsync(TestActors.Operator(), id, Ct);
        await bed.Conductor.TickAsync(Ct);
        Assert.Equal((RolloutStatus.Paused, 0), ((await bed.Queries.GetAsync(id, Ct)).Rollout.Status, (await bed.Queries.GetAsync(id, Ct)).Rollout.CurrentWave));

        await Assert.ThrowsAsync<ForbiddenException>(() => bed.Handlers.AdvanceAsync(TestActors.Auditor(), id, Ct));
        await bed.Handlers.AdvanceAsync(TestActors.Operator(), id, Ct);
        await bed.Conductor.TickAsync(Ct);

        var advanced = (await bed.Queries.GetAsync(id, Ct)).Rollout;
        Assert.Equal((RolloutStatus.Running, 1), (advanced.Status, advanced.CurrentWave));
        Assert.Contains(bed.Channel.Offers, o => o.DeviceId != bed.Devices[first]);
        var timeline = await bed.Queries.TimelineAsync(id, Ct);
        Assert.Equal(["created", "approved", "started", "paused", "resumed", "paused", "wave-started"], timeline.Select(e => e.Action));
        Assert.Equal("user:operator", timeline[^1].Actor);
    }

    [Fact]
    public async Task WithdrawnRelease_PausesItsRunningRollout_AgainAfterAResume_AndNoFurtherDeviceIsOfferedIt()
    {
        await using var bed = await (await RolloutTestBed.CreateAsync()).WithFleetAndReleaseAsync();
        var id = await bed.RunningAsync(bed.Request(One, Rest));
        await bed.Conductor.TickAsync(Ct);
        var offered = bed.Channel.Offers.Select(o => o.DeviceId).ToHashSet();

        await bed.Database.Get<DeviceTrust.Application.Updates.Catalog.PublishFirmwareHandler>().WithdrawAsync(TestActors.Operator(), bed.Release.Id, "bricks the sensor", Ct);
        await bed.Conductor.TickAsync(Ct);

        var paused = (await bed.Queries.GetAsync(id, Ct)).Rollout;
        Assert.Equal(RolloutStatus.Paused, paused.Status);
        Assert.Contains("was withdrawn", paused.StatusReason, StringComparison.Ordinal);
        await bed.Handlers.ResumeAsync(TestActors.Operator(), id, Ct);
        bed.Clock.Advance(TimeSpan.FromMinutes(1));
        await bed.Conductor.TickAsync(Ct);
        Assert.Equal(RolloutStatus.Paused, (await bed.Queries.GetAsync(id, Ct)).Rollout.Status);
        // The device offered before the withdrawal may be reminded of its offer; no other device is offered the release.
        Assert.Equal(offered, bed.Channel.Offers.Select(o => o.DeviceId).ToHashSet());
    }

    public static TheoryData<string, WavePlan?[]> BadWavePlans => new()
    {
        { "waves", [] },
        { "waves", [.. Enumerable.Repeat<WavePlan?>(One, DeviceTrust.Domain.Updates.RolloutWave.MaxWaves + 1)] },
        { "waves[0]", [null] },
        { "waves[0].size", [new WavePlan(0, false, 100, 50, true)] },
        { "waves[0].size", [new WavePlan(101, true, 100, 50, true)] },
        { "waves[1]", [One, new WavePlan(100, true, 0, 50, true)] },
        { "waves[0]", [new WavePlan(1, false, 100, 101, true)] },
    };

    [Theory]
    [MemberData(nameof(BadWavePlans))]
    public async Task Create_BadWavePlan_IsRefusedNamingTheWave_AndStoresNothing(string field, WavePlan?[] waves)
    {
        await using var bed = await (await RolloutTestBed.CreateAsync()).WithFleetAndReleaseAsync();

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => bed.Handlers.CreateAsync(TestActors.Operator(), bed.Request(waves!), Ct));

        Assert.True(refused.Errors.ContainsKey(field), string.Join(", ", refused.Errors.Keys));
        await using var db = await bed.Database.CreateDbContextAsync();
        Assert.Equal(0, await db.Rollouts.CountAsync(Ct));
    }

    [Fact]
    public async Task Plan_OfAnOlderRelease_LeavesOutDevicesOnANewerOne_WhichWouldRefuseIt()
    {
        await using var bed = await (await RolloutTestBed.CreateAsync()).WithFleetAndReleaseAsync();
        var newer = await bed.Database.Get<DeviceTrust.Application.Updates.Catalog.PublishFirmwareHandler>().PublishImageAsync(TestActors.Operator(),
            new DeviceTrust.Application.Updates.Catalog.PublishImageRequest(await bed.ClassIdAsync(), "3.0.0", "firmware", System.Security.Cryptography.RandomNumberGenerator.GetBytes(64)), Ct);
        var ahead = bed.Devices.Keys.Order(StringComparer.Ordinal).First();
        await using (var db = await bed.Database.CreateDbContextAsync())
        {
            var device = await db.Devices.SingleAsync(d => d.SerialNumber == ahead, Ct);
            device.ReportFirmware([.. device.Components.Select(c => c.Name == "firmware" ? new FirmwareComponent(c.Name, newer.Version) : c)]);
            await db.SaveChangesAsync(Ct);
        }
        var before = await bed.Database.Get<RolloutPlanner>().PreviewAsync(newer.Id, null, [Rest], Ct);

        var older = await bed.Database.Get<RolloutPlanner>().PreviewAsync(bed.Release.Id, null, [Rest], Ct);

        Assert.True(newer.SequenceNumber > bed.Release.SequenceNumber);
        Assert.Equal(1, before.AlreadyOnRelease);
        Assert.Equal((bed.Devices.Count - 1, 1), (older.Eligible, older.AlreadyOnRelease));
        Assert.DoesNotContain(older.Waves.SelectMany(w => w.Devices), d => d.SerialNumber == ahead);
    }

    [Fact]
    public async Task PauseOrCancel_WithoutAReason_IsBadInput_AndChangesNothing()
    {
        await using var bed = await (await RolloutTestBed.CreateAsync()).WithFleetAndReleaseAsync();
        var id = await bed.RunningAsync(bed.Request(Rest));

        var pause = await Assert.ThrowsAsync<RequestValidationException>(() => bed.Handlers.PauseAsync(TestActors.Operator(), id, " ", Ct));
        var cancel = await Assert.ThrowsAsync<RequestValidationException>(() => bed.Handlers.CancelAsync(TestActors.Operator(), id, "", Ct));

        Assert.True(pause.Errors.ContainsKey("reason") && cancel.Errors.ContainsKey("reason"));
        Assert.Equal(RolloutStatus.Running, (await bed.Queries.GetAsync(id, Ct)).Rollout.Status);
    }

    [Fact]
    public async Task Timeouts_CountOnlyTimeTheConductorRan_ARestartedServerDoesNotFailOffersForItsDowntime()
    {
        await using var bed = await (await RolloutTestBed.CreateAsync()).WithFleetAndReleaseAsync();
        var id = await bed.RunningAsync(bed.Request(One, Rest));
        await bed.Conductor.TickAsync(Ct);
        var serial = bed.Devices.Keys.Order(StringComparer.Ordinal).First();

        // Down for an hour, far past the 15-minute report timeout, then started again over the same file.
        await using var restarted = await RolloutTestBed.CreateAsync(existingFile: bed.Database.FilePath, now: bed.Clock.GetUtcNow().AddHours(1));
        foreach (var deviceId in bed.Devices.Values) restarted.Channel.Connected[deviceId] = true;
        await restarted.Conductor.TickAsync(Ct);
        Assert.Equal(RolloutTargetStatus.Offered, (await restarted.TargetAsync(id, serial)).Status);
        Assert.Single(restarted.Channel.Offers);   // offered again instead

        restarted.Clock.Advance(TimeSpan.FromMinutes(16));
        await restarted.Conductor.TickAsync(Ct);
        var target = await restarted.TargetAsync(id, serial);
        Assert.Equal(RolloutTargetStatus.Failed, target.Status);
        Assert.Contains("no report within 15 minutes", target.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorThreshold_PausesTheWave_ExcludeAndResume_FinishesWithTheOthers()
    {
        await using var bed = await (await RolloutTestBed.CreateAsync()).WithFleetAndReleaseAsync();
        var id = await bed.RunningAsync(bed.Request(new WavePlan(2, false, 100, 50, true), Rest));
        await bed.Conductor.TickAsync(Ct);
        var wave1 = bed.Devices.Keys.Order(StringComparer.Ordinal).Take(2).ToList();

        await bed.ReportAsync(id, wave1[0], success: false);
        await bed.Conductor.TickAsync(Ct);

        var paused = await bed.Queries.GetAsync(id, Ct);
        Assert.Equal(RolloutStatus.Paused, paused.Rollout.Status);
        Assert.Contains("error threshold of 50%", paused.Rollout.StatusReason, StringComparison.Ordinal);
        var failed = await bed.TargetAsync(id, wave1[0]);
        Assert.Equal(RolloutTargetStatus.Failed, failed.Status);
        Assert.Contains("condition-failed (10) at install (20), offset 10", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(DeviceState.Quarantined, (await bed.DeviceAsync(wave1[0])).State);
        var offersWhilePaused = bed.Channel.Offers.Count;
        await bed.Conductor.TickAsync(Ct);
        Assert.Equal(offersWhilePaused, bed.Channel.Offers.Count);

        await bed.Handlers.ExcludeAsync(TestActors.Operator(), id, failed.Id, "bad flash on the bench unit", Ct);
        await bed.Handlers.ResumeAsync(TestActors.Operator(), id, Ct);
        await bed.ReportAsync(id, wave1[1]);
        await bed.AttestAsync(wave1[1], AttestationVerdict.Affirming, "2.0.0");
        await bed.Conductor.TickAsync(Ct);
        await bed.Conductor.TickAsync(Ct);
        foreach (var serial in bed.Devices.Keys.Except(wave1))
        {
            await bed.ReportAsync(id, serial);
            await bed.AttestAsync(serial, AttestationVerdict.Affirming, "2.0.0");
        }
        await bed.Conductor.TickAsync(Ct);
        await bed.Conductor.TickAsync(Ct);

        var done = await bed.Queries.GetAsync(id, Ct);
        Assert.Equal(RolloutStatus.Completed, done.Rollout.Status);
        Assert.Equal(bed.Devices.Count - 1, done.Rollout.Verified);
        Assert.Equal(RolloutTargetStatus.Excluded, (await bed.TargetAsync(id, wave1[0])).Status);
        var timeline = (await bed.Queries.TimelineAsync(id, Ct)).Select(e => e.Action).ToList();
        Assert.Equal(["created", "approved", "started", "paused", "resumed", "wave-started", "completed"], timeline);
    }

    [Fact]
    public async Task Reports_ThatDoNotMatchTheOffer_AreRefused_AndChangeNothing()
    {
        await using var bed = await (await RolloutTestBed.CreateAsync()).WithFleetAndReleaseAsync();
        var id = await bed.RunningAsync(bed.Request(Rest));
        await bed.Conductor.TickAsync(Ct);
        var serial = bed.Devices.Keys.First();

        await Assert.ThrowsAsync<RequestValidationException>(() => bed.ReportAsync(id, serial, nonce: new byte[16]));
        await Assert.ThrowsAsync<RequestValidationException>(() => bed.ReportAsync(id, serial, manifestDigest: new byte[32]));
        var garbage = await Assert.ThrowsAsync<RequestValidationException>(() =>
            bed.Database.Get<UpdateReports>().RecordAsync(Actor.Device(serial), bed.Devices[serial], bed.Ldevid, [0xd2, 0x84], Ct));
        Assert.Contains("Not a signed SUIT report", string.Concat(garbage.Errors.SelectMany(e => e.Value)), StringComparison.Ordinal);
        using (var stranger = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            var target = await bed.TargetAsync(id, serial);
            var report = new DeviceTrust.Suit.Reports.SuitReport(new DeviceTrust.Suit.Reports.SuitReference(null,
                new DeviceTrust.Suit.SuitDigest(DeviceTrust.Cose.CoseAlgorithms.Sha256, Convert.FromHexString(bed.Release.ManifestDigest))), [], null) { Nonce = target.Nonce };
            // Signed by a key that is neither the device's attestation key nor its LDevID's.
            await Assert.ThrowsAsync<ForbiddenException>(() => bed.Database.Get<UpdateReports>().RecordAsync(Actor.Device(serial), bed.Devices[serial],
                bed.Ldevid, DeviceTrust.Suit.Reports.SuitReportSigner.Sign(report, stranger), Ct));
        }

        Assert.Equal(RolloutTargetStatus.Offered, (await bed.TargetAsync(id, serial)).Status);
        await bed.ReportAsync(id, serial);
        await Assert.ThrowsAsync<ConflictException>(() => bed.ReportAsync(id, serial));
        Assert.Equal(RolloutTargetStatus.Installed, (await bed.TargetAsync(id, serial)).Status);
    }

    [Fact]
    public async Task Reports_ManyAtOnceAndEachTwice_EachRecordedOnceWithItsAuditEntry_TheSecondRefused()
    {
        await using var bed = await (await RolloutTestBed.CreateAsync()).WithFleetAndReleaseAsync();
        var id = await bed.RunningAsync(bed.Request(Rest));
        await bed.Conductor.TickAsync(Ct);
        var serials = bed.Devices.Keys.ToList();
        Assert.True(serials.Count >= 3, $"{serials.Count} devices: the test needs reports that meet in one batch");

        // Every device reports twice at the same moment (a retried POST): the reports meet in the group commit, where the
        // second of a device finds its offer answered, in the same batch or by an earlier one.
        var outcomes = await Task.WhenAll(serials.Concat(serials).Select(async serial =>
        {
            try
            {
                await bed.ReportAsync(id, serial);
                return (serial, (Exception?)null);
            }
            catch (ConflictException e)
            {
                return (serial, e);
            }
        }));

        Assert.All(outcomes.GroupBy(o => o.serial), device => Assert.Equal(1, device.Count(o => o.Item2 is null)));
        Assert.All(outcomes.Where(o => o.Item2 is not null), o => Assert.Contains("no open update offer", o.Item2!.Message, StringComparison.Ordinal));
        foreach (var serial in serials)
            Assert.Equal(RolloutTargetStatus.Installed, (await bed.TargetAsync(id, serial)).Status);
        await using var db = await bed.Database.CreateDbContextAsync();
        var installed = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "device.update-installed").Select(e => e.TargetId).ToListAsync(Ct);
        Assert.Equal(serials.Order(StringComparer.Ordinal), installed.Order(StringComparer.Ordinal));
        Assert.True((await bed.Database.Get<AuditQueries>().VerifyAsync(Ct)).Intact);
    }

    [Fact]
    public async Task Report_OfAnEnvelopeTheDeviceCouldNotVerify_NamesItByItsBytes_AndFailsBeforeAnyCommand()
    {
        await using var bed = await (await RolloutTestBed.CreateAsync()).WithFleetAndReleaseAsync();
        var id = await bed.RunningAsync(bed.Request(Rest));
        await bed.Conductor.TickAsync(Ct);
        var serial = bed.Devices.Keys.First();
        var (envelope, _) = await bed.Database.Get<DeviceTrust.Application.Updates.Catalog.FirmwareCatalogQueries>().EnvelopeAsync(bed.Release.Id, Ct);
        var envelopeDigest = System.Security.Cryptography.SHA256.HashData(envelope);

        // The envelope's digest stands for the manifest only where the device could not read or verify it.
        await Assert.ThrowsAsync<RequestValidationException>(() => bed.ReportAsync(id, serial, success: false, manifestDigest: envelopeDigest));
        await bed.ReportAsync(id, serial, success: false, manifestDigest: envelopeDigest, reason: DeviceTrust.Suit.SuitReportReason.Unauthorised, section: 0);

        var target = await bed.TargetAsync(id, serial);
        Assert.Equal(RolloutTargetStatus.Failed, target.Status);
        Assert.Equal("install failed: unauthorised (4) before running the manifest", target.Reason);
    }

    [Fact]
    public async Task CancelDevice_InFlight_StopsItsUpdate_TheDeviceGoesBack_AndItNoLongerCounts()
    {
        await using var bed = await (await RolloutTestBed.CreateAsync()).WithFleetAndReleaseAsync();
        var id = await bed.RunningAsync(bed.Request(Rest));
        await bed.Conductor.TickAsync(Ct);
        var serial = bed.Devices.Keys.First();
        var target = await bed.TargetAsync(id, serial);
        Assert.Equal(DeviceState.Updating, (await bed.DeviceAsync(serial)).State);

        await Assert.ThrowsAsync<ForbiddenException>(() => bed.Handlers.CancelDeviceAsync(TestActors.Auditor(), id, target.Id, "no", Ct));
        await bed.Handlers.CancelDeviceAsync(TestActors.Operator(), id, target.Id, "battery too low to flash", Ct);

        target = await bed.TargetAsync(id, serial);
        Assert.Equal((RolloutTargetStatus.Cancelled, "cancelled: battery too low to flash"), (target.Status, target.Reason));
        Assert.Equal(DeviceState.Operational, (await bed.DeviceAsync(serial)).State);
        Assert.Equal(bed.Devices.Count - 1, (await bed.Queries.GetAsync(id, Ct)).Waves[0].Progress.Total);
        await Assert.ThrowsAsync<ConflictException>(() => bed.Handlers.CancelDeviceAsync(TestActors.Operator(), id, target.Id, "again", Ct));
    }

    [Fact]
    public async Task NewDevice_ThatMatchesARunningRollout_JoinsItsLastWave()
    {
        await using var bed = await (await RolloutTestBed.CreateAsync()).WithFleetAndReleaseAsync();
        var id = await bed.RunningAsync(bed.Request(One, Rest));
        var registered = await bed.Database.Get<DeviceTrust.Application.Fleet.RegisterDevice.RegisterDeviceHandler>().HandleAsync(
            new DeviceTrust.Application.Fleet.RegisterDevice.RegisterDeviceRequest("ACME-T1-LATE-00001", RolloutTestBed.Thermo, "Acme Sensors"), TestActors.Operator(), Ct);
        await bed.Conductor.TickAsync(Ct);
        // Not in service yet: it does not join.
        await Assert.ThrowsAsync<InvalidOperationException>(() => bed.TargetAsync(id, "ACME-T1-LATE-00001"));

        await bed.Database.BringToAsync(["ACME-T1-LATE-00001"], DeviceState.Operational);
        bed.Clock.Advance(RolloutConductor.JoinEvery);
        await bed.Conductor.TickAsync(Ct);

        var joined = await bed.TargetAsync(id, "ACME-T1-LATE-00001");
        Assert.Equal((registered.Id, 1, RolloutTargetStatus.Pending), (joined.DeviceId, joined.Wave, joined.Status));
    }

    [Fact]
    public async Task Restart_MidWave_ResumesFromTheDatabase_OffersAgainWithTheSameNonce_AndDoesNothingTwice()
    {
        await using var bed = await (await RolloutTestBed.CreateAsync()).WithFleetAndReleaseAsync();
        var id = await bed.RunningAsync(bed.Request(new WavePlan(2, false, 100, 50, true), Rest));
        await bed.Conductor.TickAsync(Ct);
        var wave1 = bed.Devices.Keys.Order(StringComparer.Ordinal).Take(2).ToList();
        await bed.ReportAsync(id, wave1[0]);
        var nonce = (await bed.TargetAsync(id, wave1[1])).Nonce;

        // A second start of the app over the same file: a new conductor, nothing in memory from the first.
        await using var restarted = await RolloutTestBed.CreateAsync(existingFile: bed.Database.FilePath);
        foreach (var deviceId in bed.Devices.Values) restarted.Channel.Connected[deviceId] = true;
        await restarted.Conductor.TickAsync(Ct);

        var again = Assert.Single(restarted.Channel.Offers);
        Assert.Equal((bed.Devices[wave1[1]], System.Buffers.Text.Base64Url.EncodeToString(nonce)), (again.DeviceId, again.Offer.Nonce));
        Assert.Equal(RolloutTargetStatus.Installed, (await restarted.TargetAsync(id, wave1[0])).Status);
        Assert.Equal(1, (await restarted.TargetAsync(id, wave1[1])).Attempts);
        Assert.Equal(RolloutStatus.Running, (await restarted.Queries.GetAsync(id, Ct)).Rollout.Status);
    }

    [Fact]
    public async Task TwoWriters_OfOneRollout_TheSecondGetsAConflict_NotASilentOverwrite()
    {
        await using var bed = await (await RolloutTestBed.CreateAsync()).WithFleetAndReleaseAsync();
        var id = await bed.RunningAsync(bed.Request(Rest));
        await using var stale = await bed.Database.CreateDbContextAsync();
        var rollout = await stale.Rollouts.FirstAsync(r => r.Id == id, Ct);

        await bed.Handlers.CancelAsync(TestActors.Operator(), id, "wrong release", Ct);
        rollout.Pause("maintenance", "user:other");

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => bed.Database.Get<AuditTrail>().SaveAsync(stale, Ct));
        Assert.Equal(RolloutStatus.Cancelled, (await bed.Queries.GetAsync(id, Ct)).Rollout.Status);
    }
}
