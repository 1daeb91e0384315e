using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet.ChangeDeviceState;
using DeviceTrust.Application.Fleet.Telemetry;
using DeviceTrust.Application.Provisioning.Enrollments;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

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
        // Firmware components are stored with the device as JSON (an owned collection): adding one while the main
        // version, a column of the device itself, stays the same must still move the token.
        var id = await _database.BringToAsync("ACME-T1-TKY-00002", DeviceState.Operational);
        await using var first = await _database.CreateDbContextAsync();
        await using var second = await _database.CreateDbContextAsync();
        var a = await first.Devices.SingleAsync(d => d.Id == id, Ct);
        var b = await second.Devices.SingleAsync(d => d.Id == id, Ct);

        a.ReportFirmware([.. a.Components, new FirmwareComponent("bootloader-extra", "1.0.0")]);
        Assert.Equal(b.FirmwareVersion, a.FirmwareVersion);
        await first.SaveSetupAsync(Ct);
        b.TransitionTo(DeviceState.Quarantined, "stale writer", "user:b", DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveSetupAsync(Ct));
    }

    [Fact]
    public async Task SaveChanges_OnlyARemovalFromAnOwnedCollection_StillConflicts()
    {
        // A revoked grant must not come back because a stale writer saved the grant list it read before.
        var tpaId = Guid.NewGuid();
        await using (var setup = await _database.CreateDbContextAsync())
        {
            var tpa = ProvisioningAuthority.Create(tpaId, "Concurrency TPA", null, "user:test");
            tpa.Grant(new TpaGrant(TrustAnchorRights.Add, TrustAnchorPurpose.FirmwareAuthor, []), "user:test");
            tpa.Grant(new TpaGrant(TrustAnchorRights.All, TrustAnchorPurpose.AttestationEndorsement, []), "user:test");
            setup.ProvisioningAuthorities.Add(tpa);
            await setup.SaveSetupAsync(Ct);
        }
        await using var first = await _database.CreateDbContextAsync();
        await using var second = await _database.CreateDbContextAsync();
        var a = await first.ProvisioningAuthorities.SingleAsync(t => t.Id == tpaId, Ct);
        var b = await second.ProvisioningAuthorities.SingleAsync(t => t.Id == tpaId, Ct);

        a.RevokeGrant(TrustAnchorPurpose.FirmwareAuthor, [], "user:test");
        await first.SaveSetupAsync(Ct);
        b.Grant(new TpaGrant(TrustAnchorRights.Update, TrustAnchorPurpose.ManufacturerIdevidCa, []), "user:test");

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveSetupAsync(Ct));
        await using var check = await _database.CreateDbContextAsync();
        var stored = await check.ProvisioningAuthorities.AsNoTracking().SingleAsync(t => t.Id == tpaId, Ct);
        Assert.DoesNotContain(stored.Grants, g => g.Purpose == TrustAnchorPurpose.FirmwareAuthor);
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

        a.Retire("compromised", AnchorAuthority.SecurityOfficer, "user:test", DateTimeOffset.UtcNow);
        await first.SaveSetupAsync(Ct);
        b.Retire("retired twice by two officers", AnchorAuthority.SecurityOfficer, "user:test", DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveSetupAsync(Ct));
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
        await _database.Get<ChangeDeviceStateHandler>().HandleAsync(new ChangeDeviceStateRequest(id, DeviceState.Operational, "attested"), TestActors.Operator(), Ct);

        var e = await Assert.ThrowsAsync<ConflictException>(() => _database.Get<ChangeDeviceStateHandler>().HandleAsync(
            new ChangeDeviceStateRequest(id, DeviceState.Quarantined, "held for review", ExpectedState: DeviceState.Enrolled), TestActors.Operator(), Ct));

        Assert.Contains("from Enrolled to Operational", e.Message, StringComparison.Ordinal);
        Assert.Equal(409, ErrorDescriptions.Describe(e)!.Status);
        Assert.Equal(DeviceState.Operational, await StateAsync(id));
    }

    [Fact]
    public async Task WriteTelemetry_StateChangeSavedBetweenItsReadAndItsSave_RetriesAndBothLand()
    {
        // A state change commits after the report writer read the device and before it saves: the writer's save
        // conflicts, and it applies the batch again to the device as it is now (Operational).
        var race = new RaceBeforeFirstSave();
        await using var database = await TestDatabase.CreateAsync(configure: b =>
            b.Services.ConfigureDbContext<Infrastructure.Persistence.SqliteDeviceTrustDbContext>(o => o.AddInterceptors(race)));
        var id = await database.BringToAsync("ACME-T1-TKY-00002", DeviceState.Enrolled);
        race.Competitor = async () =>
        {
            await database.Get<ChangeDeviceStateHandler>().HandleAsync(new ChangeDeviceStateRequest(id, DeviceState.Operational, "attested"), TestActors.Operator(), Ct);
            return true;
        };
        var now = DateTimeOffset.UtcNow;
        var report = new TelemetryReport(id, "ACME-T1-TKY-00002", now, new TelemetryReading(42, 21.5, 90, -60, now));

        await database.Get<DeviceReportBatchWriter>().WriteAsync([report], Ct);

        Assert.Equal(1, race.Raced);
        await using var db = await database.CreateDbContextAsync();
        var device = await db.Devices.AsNoTracking().SingleAsync(d => d.Id == id, Ct);
        Assert.Equal((DeviceState.Operational, 42L), (device.State, device.LatestTelemetry!.UptimeSeconds));
        Assert.Equal(1, await db.TelemetrySamples.CountAsync(s => s.DeviceId == id, Ct));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.TargetId == "ACME-T1-TKY-00002" && e.Action == AuditActions.DeviceStateChanged, Ct));
    }

    /// <summary>Runs a competing writer once, just before the first save that carries telemetry: a lost race on demand.</summary>
    private sealed class RaceBeforeFirstSave : SaveChangesInterceptor
    {
        public Func<Task<bool>>? Competitor { get; set; }

        public int Raced { get; private set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (Raced == 0 && Competitor is { } competitor && eventData.Context!.ChangeTracker.Entries<TelemetrySample>().Any())
            {
                Raced++;
                Assert.True(await competitor());
            }
            return result;
        }
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
