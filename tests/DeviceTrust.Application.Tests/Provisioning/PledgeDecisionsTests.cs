using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Application.Provisioning.Enrollments;
using DeviceTrust.Domain;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DeviceTrust.Application.Tests.Provisioning;

public sealed class PledgeDecisionsTests : IAsyncLifetime
{
    private const string IdevidSubject = "O=Acme Sensors, CN=Acme Sensors ACME-G2-PLEDGE-1, SERIALNUMBER=ACME-G2-PLEDGE-1";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;

    public async ValueTask InitializeAsync() =>
        _database = await TestDatabase.CreateAsync(configure: b => b.Services.AddSingleton<TimeProvider>(_clock));

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private PledgeDecisions Decisions => _database.Get<PledgeDecisions>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApproveAsync_Operator_ApprovesAuditsAndNotifiesLeavingTheDeviceBootstrapping()
    {
        var (enrollmentId, deviceId) = await HeldPledgeAsync();
        using var recorder = new NotificationRecorder(_database.Get<IFleetNotifier>());
        _clock.Advance(TimeSpan.FromMinutes(5));

        await Decisions.ApproveAsync(enrollmentId, "  delivered to Tokyo plant ", TestActors.Operator(), Ct);

        var enrollment = await EnrollmentAsync(enrollmentId);
        Assert.Equal(PledgeStatus.Approved, enrollment.Status);
        Assert.Equal("user:operator", enrollment.DecidedBy);
        Assert.Equal(_clock.GetUtcNow(), enrollment.DecidedAt);
        Assert.Equal("delivered to Tokyo plant", enrollment.DecisionReason);
        Assert.Equal(DeviceState.Bootstrapping, (await DeviceAsync(deviceId)).State);

        var audit = await LastAuditAsync();
        Assert.Equal(AuditActions.PledgeApproved, audit.Action);
        Assert.Equal("user:operator", audit.Actor);
        Assert.Equal(AuditTargets.Device, audit.TargetType);
        Assert.Equal("ACME-G2-PLEDGE-1", audit.TargetId);
        using var details = JsonDocument.Parse(audit.Details);
        Assert.Equal("delivered to Tokyo plant", details.RootElement.GetProperty("reason").GetString());
        Assert.Equal(IdevidSubject, details.RootElement.GetProperty("idevid").GetString());

        await recorder.WaitUntilAsync(b => b.Count > 0, "the decision is published");
        Assert.Equal([new DeviceChanged(deviceId, "ACME-G2-PLEDGE-1", DeviceChangeKind.Provisioning)], recorder.All);
    }

    [Fact]
    public async Task RejectAsync_BootstrappingDevice_RejectsAndMovesTheDeviceBackToManufactured()
    {
        var (enrollmentId, deviceId) = await HeldPledgeAsync();
        _clock.Advance(TimeSpan.FromMinutes(5));

        await Decisions.RejectAsync(enrollmentId, "not one of ours", TestActors.Operator(), Ct);

        var enrollment = await EnrollmentAsync(enrollmentId);
        Assert.Equal(PledgeStatus.Rejected, enrollment.Status);
        Assert.Equal("not one of ours", enrollment.DecisionReason);
        var device = await DeviceAsync(deviceId);
        Assert.Equal(DeviceState.Manufactured, device.State);
        Assert.Equal(_clock.GetUtcNow(), device.StateChangedAt);
        // The decision, then the device's move back, each audited once, in that order.
        var (rejected, moved) = await LastTwoAuditsAsync();
        Assert.Equal(AuditActions.PledgeRejected, rejected.Action);
        Assert.Equal("ACME-G2-PLEDGE-1", rejected.TargetId);
        using var details = JsonDocument.Parse(rejected.Details);
        Assert.Equal("not one of ours", details.RootElement.GetProperty("reason").GetString());
        Assert.Equal((AuditActions.DeviceStateChanged, "user:operator"), (moved.Action, moved.Actor));
        using var move = JsonDocument.Parse(moved.Details);
        Assert.Equal(("Bootstrapping", "Manufactured"), (move.RootElement.GetProperty("from").GetString(), move.RootElement.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task RejectAsync_DeviceNoLongerBootstrapping_KeepsItsState()
    {
        var (enrollmentId, deviceId) = await HeldPledgeAsync();
        await using (var db = await _database.CreateDbContextAsync())
        {
            var device = await db.Devices.SingleAsync(d => d.Id == deviceId, Ct);
            device.TransitionTo(DeviceState.Revoked, "stolen in transit", "test", _clock.GetUtcNow());
            await db.SaveSetupAsync(Ct);
        }

        await Decisions.RejectAsync(enrollmentId, "stolen", TestActors.Operator(), Ct);

        Assert.Equal(PledgeStatus.Rejected, (await EnrollmentAsync(enrollmentId)).Status);
        Assert.Equal(DeviceState.Revoked, (await DeviceAsync(deviceId)).State);
    }

    public static TheoryData<bool> ApproveOrReject() => new(true, false);

    [Theory]
    [MemberData(nameof(ApproveOrReject))]
    public async Task Decide_NotAnOperator_ForbiddenAndNothingChanges(bool approve)
    {
        var (enrollmentId, deviceId) = await HeldPledgeAsync();
        var auditBefore = await AuditCountAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => DecideAsync(approve, enrollmentId, "ok", TestActors.SecurityOfficer()));
        await Assert.ThrowsAsync<ForbiddenException>(() => DecideAsync(approve, enrollmentId, "ok", TestActors.Auditor()));

        Assert.Equal(PledgeStatus.AwaitingApproval, (await EnrollmentAsync(enrollmentId)).Status);
        Assert.Equal(DeviceState.Bootstrapping, (await DeviceAsync(deviceId)).State);
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    public static TheoryData<bool, string> MissingOrLongReasons() => new()
    {
        { true, "" }, { true, "   " }, { true, new string('r', PledgeEnrollment.MaxReasonLength + 1) },
        { false, "" }, { false, "   " }, { false, new string('r', PledgeEnrollment.MaxReasonLength + 1) },
    };

    [Theory]
    [MemberData(nameof(MissingOrLongReasons))]
    public async Task Decide_NoReasonOrTooLong_ValidationNamingReasonAndNothingChanges(bool approve, string reason)
    {
        var (enrollmentId, deviceId) = await HeldPledgeAsync();
        var auditBefore = await AuditCountAsync();

        var e = await Assert.ThrowsAsync<RequestValidationException>(() => DecideAsync(approve, enrollmentId, reason, TestActors.Operator()));

        Assert.Equal(["reason"], e.Errors.Keys);
        Assert.Equal(PledgeStatus.AwaitingApproval, (await EnrollmentAsync(enrollmentId)).Status);
        Assert.Equal(DeviceState.Bootstrapping, (await DeviceAsync(deviceId)).State);
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task RejectAsync_ReasonOfMaxLengthWithSurroundingSpaces_Accepted()
    {
        var (enrollmentId, _) = await HeldPledgeAsync();
        var reason = new string('r', PledgeEnrollment.MaxReasonLength);

        await Decisions.RejectAsync(enrollmentId, $"  {reason}  ", TestActors.Operator(), Ct);

        Assert.Equal(reason, (await EnrollmentAsync(enrollmentId)).DecisionReason);
    }

    [Theory]
    [MemberData(nameof(ApproveOrReject))]
    public async Task Decide_UnknownEnrollment_NotFound(bool approve)
    {
        var auditBefore = await AuditCountAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => DecideAsync(approve, Guid.NewGuid(), "ok", TestActors.Operator()));

        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task Decide_AlreadyDecided_RefusedWithoutASecondAuditEntry()
    {
        var (enrollmentId, deviceId) = await HeldPledgeAsync();
        await Decisions.ApproveAsync(enrollmentId, "known device", TestActors.Operator(), Ct);
        var auditBefore = await AuditCountAsync();

        await Assert.ThrowsAsync<DomainException>(() => Decisions.RejectAsync(enrollmentId, "changed my mind", TestActors.Operator("other-id"), Ct));
        await Assert.ThrowsAsync<DomainException>(() => Decisions.ApproveAsync(enrollmentId, "again", TestActors.Operator(), Ct));

        var enrollment = await EnrollmentAsync(enrollmentId);
        Assert.Equal(PledgeStatus.Approved, enrollment.Status);
        Assert.Equal("known device", enrollment.DecisionReason);
        Assert.Equal(DeviceState.Bootstrapping, (await DeviceAsync(deviceId)).State);
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task ApproveAsync_AutoAcceptedPledge_RefusedAsAlreadyDecided()
    {
        var (enrollmentId, _) = await HeldPledgeAsync(EnrollmentPolicy.AutoAccept);

        var e = await Assert.ThrowsAsync<DomainException>(() => Decisions.ApproveAsync(enrollmentId, "ok", TestActors.Operator(), Ct));

        Assert.Contains("already Approved", e.Message, StringComparison.Ordinal);
        Assert.Equal("policy:auto-accept", (await EnrollmentAsync(enrollmentId)).DecidedBy);
    }

    private Task DecideAsync(bool approve, Guid enrollmentId, string reason, Actor actor) => approve
        ? Decisions.ApproveAsync(enrollmentId, reason, actor, Ct)
        : Decisions.RejectAsync(enrollmentId, reason, actor, Ct);

    /// <summary>A newly registered Acme Gateway G2 (an operator-approval class) that asked to join: Bootstrapping, pledge held.</summary>
    [Fact]
    public async Task AwaitingApprovalAsync_HeldPledgesKeepAsking_StayInTheOrderTheyFirstAsked()
    {
        var (first, _) = await HeldPledgeAsync(serial: "ACME-G2-QUEUE-1");
        _clock.Advance(TimeSpan.FromMinutes(1));
        var (second, _) = await HeldPledgeAsync(serial: "ACME-G2-QUEUE-2");
        _clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await _database.CreateDbContextAsync())
        {
            // The first pledge asks again: the most recently active, but still first in the queue.
            (await db.PledgeEnrollments.SingleAsync(e => e.Id == first, Ct)).RecordRetry(_clock.GetUtcNow());
            await db.SaveSetupAsync(Ct);
        }

        var queue = await _database.Get<EnrollmentQueries>().AwaitingApprovalAsync(10, Ct);

        Assert.Equal([first, second], queue.Select(p => p.Id));
        Assert.Equal(2, queue[0].RequestCount);
    }

    private async Task<(Guid EnrollmentId, Guid DeviceId)> HeldPledgeAsync(EnrollmentPolicy policy = EnrollmentPolicy.OperatorApproval,
        string serial = "ACME-G2-PLEDGE-1")
    {
        var registered = await _database.Get<RegisterDeviceHandler>().HandleAsync(
            new RegisterDeviceRequest(serial, "Acme Gateway G2", "Acme Sensors"), TestActors.Operator(), Ct);
        await using var db = await _database.CreateDbContextAsync();
        var device = await db.Devices.SingleAsync(d => d.Id == registered.Id, Ct);
        var manufacturerId = await db.Manufacturers.Where(m => m.Name == "Acme Sensors").Select(m => m.Id).SingleAsync(Ct);
        var now = _clock.GetUtcNow();
        device.TransitionTo(DeviceState.Bootstrapping, "voucher-request from the pledge", "test", now);
        var enrollment = PledgeEnrollment.Open(device.Id, device.SerialNumber, manufacturerId,
            new PledgeIdentity(new string('a', 64), IdevidSubject, "O=Acme Sensors, CN=Acme Sensors IDevID CA (DEV-ONLY)"), policy, now);
        db.PledgeEnrollments.Add(enrollment);
        await db.SaveSetupAsync(Ct);
        return (enrollment.Id, device.Id);
    }

    private async Task<PledgeEnrollment> EnrollmentAsync(Guid id)
    {
        await using var db = await _database.CreateDbContextAsync();
        return await db.PledgeEnrollments.AsNoTracking().SingleAsync(e => e.Id == id, Ct);
    }

    private async Task<Device> DeviceAsync(Guid id)
    {
        await using var db = await _database.CreateDbContextAsync();
        return await db.Devices.AsNoTracking().SingleAsync(d => d.Id == id, Ct);
    }

    private async Task<Domain.Audit.AuditEntry> LastAuditAsync()
    {
        await using var db = await _database.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstAsync(Ct);
    }

    private async Task<(Domain.Audit.AuditEntry, Domain.Audit.AuditEntry)> LastTwoAuditsAsync()
    {
        await using var db = await _database.CreateDbContextAsync();
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).Take(2).ToListAsync(Ct);
        return (last[1], last[0]);
    }

    private async Task<int> AuditCountAsync()
    {
        await using var db = await _database.CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(Ct);
    }
}
