using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet.ChangeDeviceState;
using DeviceTrust.Application.Fleet.Telemetry;
using DeviceTrust.Application.Provisioning.Enrollments;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Tests.Lifecycle;

/// <summary>
/// Two real writers of one aggregate on one SQLite file: the second save fails instead of overwriting the first, use
/// cases that decide afresh retry, and an operator whose view went stale is told what changed.
/// </summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private TestDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task SaveChanges_DeviceChangedByAnotherWriterSinceRead_ConflictsAndKeepsTheFirstWrite()
    {
        var id = await _database.BringToAsync("ACME-T1-TKY-00001", DeviceState.Operational);
        await using var first = await _database.CreateDbContextAsync();
        await using var second = await _database.CreateDbContextAsync();
        var a = await first.Devices.SingleAsync(d => d.Id == id, Ct);
        var b = await second.Devices.SingleAsync(d => d.Id == id, Ct);

        a.TransitionTo(DeviceState.Quarantined, "first writer", "user:a", DateTimeOffset.UtcNow);
        b.TransitionTo(DeviceState.Updating, "second writer", "user:b", DateTimeOffset.UtcNow);
        await first.SaveSetupAsync(Ct);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveSetupAsync(Ct));
        Assert.Equal(DeviceState.Quarantined, await StateAsync(id));
    }

    [Fact]
    public async Task SaveChanges_OnlyAnOwnedValueChangedByTheOtherWriter_StillConflicts()
    {
        // Telemetry is stored with the device (an owned type): a change to it alone must move the token too.
        var id = await _database.BringToAsync("ACME-T1-TKY-00002", DeviceState.Operational);
        await using var first = await _database.CreateDbContextAsync();
        await using var second = await _database.CreateDbContextAsync();
        var a = await first.Devices.SingleAsync(d => d.Id == id, Ct);
        var b = await second.Devices.SingleAsync(d => d.Id == id, Ct);

        a.ReportFirmware([new FirmwareComponent("firmware", "9.9.9")]);
        await first.SaveChangesAsync(Ct);
        b.TransitionTo(DeviceState.Quarantined, "stale writer", "user:b", DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveSetupAsync(Ct));
    }

    [Fact]
    public async Task SaveChanges_TrustAnchorRetiredByAnotherWriter_Conflicts()
    {
        await using var setup = await _database.CreateDbContextAsync();
        var anchorId = await setup.TrustAnchors.Where(t => t.Status == TrustAnchorStatus.Active).Select(t => t.Id).FirstAsync(Ct);
        await using var first = await _database.CreateDbContextAsync();
        await using var second = await _database.CreateDbContextAsync();
        var a = await first.TrustAnchors.SingleAsync(t => t.Id == anchorId, Ct);
        var b = await second.TrustAnchors.SingleAsync(t => t.Id == anchorId, Ct);

        a.Retire("compromised", AnchorAuthority.SecurityOfficer, DateTimeOffset.UtcNow);
        await first.SaveChangesAsync(Ct);
        b.Retire("retired twice by two officers", AnchorAuthority.SecurityOfficer, DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(Ct));
    }

    [Fact]
    public async Task SaveChanges_WithDomainEventsNotTakenByTheAuditTrail_IsRefused()
    {
        var id = await _database.BringToAsync("ACME-T1-TKY-00003", DeviceState.Operational);
        await using var db = await _database.CreateDbContextAsync();
        var device = await db.Devices.SingleAsync(d => d.Id == id, Ct);
        device.TransitionTo(DeviceState.Quarantined, "unaudited", "user:operator", DateTimeOffset.UtcNow);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));

        Assert.Contains(nameof(DeviceStateChanged), e.Message, StringComparison.Ordinal);
        Assert.Equal(DeviceState.Operational, await StateAsync(id));
    }

    [Fact]
    public async Task ChangeDeviceState_ManyOperatorsAtOnce_ExactlyOneMoveIsSavedAndAudited()
    {
        var id = await _database.BringToAsync("ACME-T1-TKY-00001", DeviceState.Operational);
        var handler = _database.Get<ChangeDeviceStateHandler>();
        var auditBefore = await AuditCountAsync();

        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            handler.HandleAsync(new ChangeDeviceStateRequest(id, DeviceState.Quarantined, $"operator {i}", DeviceState.Operational), TestActors.Operator(), Ct), Ct)).ToList();
        var outcomes = await Task.WhenAll(attempts.Select(async t =>
        {
            try
            {
                await t;
                return "moved";
            }
            catch (Exception e) when (e is ConflictException or InvalidTransitionException)
            {
                return "refused";
            }
        }));

        Assert.Single(outcomes, o => o == "moved");
        Assert.Equal(DeviceState.Quarantined, await StateAsync(id));
        Assert.Equal(auditBefore + 1, await AuditCountAsync());
    }

    [Fact]
    public async Task ChangeDeviceState_DeviceMovedOnSinceTheOperatorLooked_ConflictNamingBothStates()
    {
        var id = await _database.BringToAsync("ACME-T1-TKY-00001", DeviceState.Enrolled);
        await _database.Get<FirstContact>().RecordAsync(id, Ct);

        var e = await Assert.ThrowsAsync<ConflictException>(() => _database.Get<ChangeDeviceStateHandler>().HandleAsync(
            new ChangeDeviceStateRequest(id, DeviceState.Quarantined, "held for review", ExpectedState: DeviceState.Enrolled), TestActors.Operator(), Ct));

        Assert.Contains("from Enrolled to Operational", e.Message, StringComparison.Ordinal);
        Assert.Equal(409, ErrorDescriptions.Describe(e)!.Status);
        Assert.Equal(DeviceState.Operational, await StateAsync(id));
    }

    [Fact]
    public async Task FirstContactAndTelemetry_AtOnce_BothLand()
    {
        // The hub's first contact and the report writer touch the same device row at the same moment: each retries.
        var id = await _database.BringToAsync("ACME-T1-TKY-00002", DeviceState.Enrolled);
        var writer = _database.Get<DeviceReportBatchWriter>();
        var now = DateTimeOffset.UtcNow;
        var reports = Enumerable.Range(0, 20)
            .Select(i => (DeviceReport)new TelemetryReport(id, "ACME-T1-TKY-00002", now.AddSeconds(i), new TelemetryReading(i, 20 + i, 90, -60, now.AddSeconds(i))))
            .ToList();

        await Task.WhenAll(
            Task.Run(() => _database.Get<FirstContact>().RecordAsync(id, Ct)),
            Task.Run(async () =>
            {
                foreach (var report in reports) await writer.WriteAsync([report], Ct);
            }, Ct));

        await using var db = await _database.CreateDbContextAsync();
        var device = await db.Devices.AsNoTracking().SingleAsync(d => d.Id == id, Ct);
        Assert.Equal(DeviceState.Operational, device.State);
        Assert.Equal(19, device.LatestTelemetry!.UptimeSeconds);
        Assert.Equal(20, await db.TelemetrySamples.CountAsync(s => s.DeviceId == id, Ct));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.TargetId == "ACME-T1-TKY-00002" && e.Action == AuditActions.DeviceStateChanged, Ct));
    }

    private async Task<DeviceState> StateAsync(Guid id)
    {
        await using var db = await _database.CreateDbContextAsync();
        return await db.Devices.Where(d => d.Id == id).Select(d => d.State).SingleAsync(Ct);
    }

    private async Task<int> AuditCountAsync()
    {
        await using var db = await _database.CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(Ct);
    }
}
