using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Application.Fleet.ChangeDeviceState;
using DeviceTrust.Application.Fleet.ReleaseDevice;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DeviceTrust.Application.Tests.Fleet;

public sealed class ChangeDeviceStateTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(configure: b => b.Services.AddSingleton<TimeProvider>(_clock));
        // The seed starts every fleet Manufactured; these tests change devices in service.
        await _database.BringToAsync(["ACME-T1-TKY-00001", "ACME-T1-TKY-00002", "ACME-T1-TKY-00003"], DeviceState.Operational);
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private Task<DeviceStateChanged> ChangeAsync(Guid id, DeviceState to, string reason = "attestation failed", Actor? actor = null) =>
        _database.Get<ChangeDeviceStateHandler>().HandleAsync(new ChangeDeviceStateRequest(id, to, reason), actor ?? TestActors.Operator(), TestContext.Current.CancellationToken);

    [Fact]
    public async Task HandleAsync_LegalChange_PersistsAuditsAndNotifies()
    {
        var device = await DeviceAsync("ACME-T1-TKY-00001");
        Assert.Equal(DeviceState.Operational, device.State);
        using var recorder = new NotificationRecorder(_database.Get<IFleetNotifier>());
        _clock.Advance(TimeSpan.FromMinutes(5));

        var change = await ChangeAsync(device.Id, DeviceState.Quarantined, "  attestation failed: PCR mismatch ");

        Assert.Equal(new DeviceStateChanged(device.Id, device.SerialNumber, DeviceState.Operational, DeviceState.Quarantined, "attestation failed: PCR mismatch", "user:operator"), change);
        var stored = await DeviceAsync("ACME-T1-TKY-00001");
        Assert.Equal(DeviceState.Quarantined, stored.State);
        Assert.Equal(_clock.GetUtcNow(), stored.StateChangedAt);

        await using var db = await _database.CreateDbContextAsync();
        var audit = await db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync(TestContext.Current.CancellationToken);
        Assert.Equal(AuditActions.DeviceStateChanged, audit.Action);
        Assert.Equal("user:operator", audit.Actor);
        Assert.Equal(AuditTargets.Device, audit.TargetType);
        Assert.Equal(device.SerialNumber, audit.TargetId);
        using var details = JsonDocument.Parse(audit.Details);
        Assert.Equal("Operational", details.RootElement.GetProperty("from").GetString());
        Assert.Equal("Quarantined", details.RootElement.GetProperty("to").GetString());
        Assert.Equal("attestation failed: PCR mismatch", details.RootElement.GetProperty("reason").GetString());

        await recorder.WaitUntilAsync(b => b.Count > 0, "the state change is published");
        Assert.Equal([new DeviceChanged(device.Id, device.SerialNumber, DeviceChangeKind.StateChanged)], recorder.All);
    }

    [Fact]
    public async Task HandleAsync_IllegalChange_ThrowsAndWritesNothing()
    {
        var device = await DeviceAsync("KUMO-M7-NEW-00001");
        Assert.Equal(DeviceState.Manufactured, device.State);
        var auditBefore = await AuditCountAsync();
        using var recorder = new NotificationRecorder(_database.Get<IFleetNotifier>());

        var e = await Assert.ThrowsAsync<InvalidTransitionException>(() => ChangeAsync(device.Id, DeviceState.Operational));

        Assert.Equal(DeviceState.Manufactured, e.From);
        Assert.Equal(DeviceState.Operational, e.To);
        var stored = await DeviceAsync("KUMO-M7-NEW-00001");
        Assert.Equal(DeviceState.Manufactured, stored.State);
        Assert.Equal(device.StateChangedAt, stored.StateChangedAt);
        Assert.Equal(auditBefore, await AuditCountAsync());
        // Publishing is synchronous with the handler, so nothing can arrive after it returned.
        Assert.Empty(recorder.Batches);
    }

    [Fact]
    public async Task HandleAsync_RevokedThenDecommissioned_FollowsTheLifecycle()
    {
        var device = await DeviceAsync("ACME-G2-TKY-00002");

        await ChangeAsync(device.Id, DeviceState.Revoked, "stolen");
        await ChangeAsync(device.Id, DeviceState.Decommissioned, "scrapped");

        Assert.Equal(DeviceState.Decommissioned, (await DeviceAsync("ACME-G2-TKY-00002")).State);
        await Assert.ThrowsAsync<InvalidTransitionException>(() => ChangeAsync(device.Id, DeviceState.Operational));
    }

    [Fact]
    public async Task HandleAsync_UnknownDevice_ThrowsNotFound()
    {
        var auditBefore = await AuditCountAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => ChangeAsync(Guid.NewGuid(), DeviceState.Revoked));

        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task HandleAsync_NoReason_ThrowsNamingReason(string reason)
    {
        var device = await DeviceAsync("ACME-T1-TKY-00002");

        var e = await Assert.ThrowsAsync<RequestValidationException>(() => ChangeAsync(device.Id, DeviceState.Quarantined, reason));

        Assert.Equal(["reason"], e.Errors.Keys);
        Assert.Equal(DeviceState.Operational, (await DeviceAsync("ACME-T1-TKY-00002")).State);
    }

    [Fact]
    public async Task HandleAsync_ReasonTooLong_ThrowsNamingReason()
    {
        var device = await DeviceAsync("ACME-T1-TKY-00002");

        var e = await Assert.ThrowsAsync<RequestValidationException>(() =>
            ChangeAsync(device.Id, DeviceState.Quarantined, new string('r', ChangeDeviceStateHandler.MaxReasonLength + 1)));

        Assert.Equal(["reason"], e.Errors.Keys);
    }

    [Fact]
    public async Task HandleAsync_UndefinedTargetState_ThrowsNamingTargetState()
    {
        var device = await DeviceAsync("ACME-T1-TKY-00002");

        var e = await Assert.ThrowsAsync<RequestValidationException>(() => ChangeAsync(device.Id, (DeviceState)42));

        Assert.Equal(["targetState"], e.Errors.Keys);
    }

    [Fact]
    public async Task HandleAsync_UndefinedExpectedState_ThrowsNamingExpectedStateAndWritesNothing()
    {
        var device = await DeviceAsync("ACME-T1-TKY-00002");
        var auditBefore = await AuditCountAsync();

        var e = await Assert.ThrowsAsync<RequestValidationException>(() => _database.Get<ChangeDeviceStateHandler>().HandleAsync(
            new ChangeDeviceStateRequest(device.Id, DeviceState.Quarantined, "review", ExpectedState: (DeviceState)42), TestActors.Operator(),
            TestContext.Current.CancellationToken));

        Assert.Equal(["expectedState"], e.Errors.Keys);
        Assert.Equal(device.State, (await DeviceAsync("ACME-T1-TKY-00002")).State);
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task HandleAsync_ActorNotOperator_ForbiddenAndWritesNothing()
    {
        var device = await DeviceAsync("ACME-T1-TKY-00003");
        var auditBefore = await AuditCountAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => ChangeAsync(device.Id, DeviceState.Revoked, actor: TestActors.Auditor()));

        Assert.Equal(DeviceState.Operational, (await DeviceAsync("ACME-T1-TKY-00003")).State);
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    private async Task<Device> DeviceAsync(string serial)
    {
        await using var db = await _database.CreateDbContextAsync();
        return await db.Devices.AsNoTracking().SingleAsync(d => d.SerialNumber == serial, TestContext.Current.CancellationToken);
    }

    private async Task<int> AuditCountAsync()
    {
        await using var db = await _database.CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Quarantined_AnOperatorsChangeToOperational_Refused403_OnlyASecurityOfficerReleases()
    {
        var device = await DeviceAsync("ACME-T1-TKY-00003");
        await ChangeAsync(device.Id, DeviceState.Quarantined);
        var release = _database.Get<ReleaseDeviceHandler>();
        var ct = TestContext.Current.CancellationToken;

        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => ChangeAsync(device.Id, DeviceState.Operational, "looks fine"));
        Assert.Contains("security officer releases it", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ForbiddenException>(() => release.HandleAsync(device.Id, "looks fine", TestActors.Operator(), ct));
        await Assert.ThrowsAsync<RequestValidationException>(() => release.HandleAsync(device.Id, " ", TestActors.SecurityOfficer(), ct));
        Assert.Equal(DeviceState.Quarantined, (await DeviceAsync("ACME-T1-TKY-00003")).State);

        var change = await release.HandleAsync(device.Id, "re-flashed", TestActors.SecurityOfficer(), ct);

        Assert.Equal((DeviceState.Quarantined, DeviceState.Operational, "user:officer"), (change.From, change.To, change.By));
        Assert.Equal(DeviceState.Operational, (await DeviceAsync("ACME-T1-TKY-00003")).State);
        var again = await Assert.ThrowsAsync<ConflictException>(() => release.HandleAsync(device.Id, "again", TestActors.SecurityOfficer(), ct));
        Assert.Contains("not Quarantined", again.Message, StringComparison.Ordinal);
    }
}
