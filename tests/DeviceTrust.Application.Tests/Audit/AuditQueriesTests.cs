using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet.ChangeDeviceState;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DeviceTrust.Application.Tests.Audit;

public sealed class AuditQueriesTests
{
    private static readonly DateTimeOffset WholeSecond = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A seeded database plus the audited operations: 1-4 the domain PKI's creation (pki.created, then its TPA created and
    /// granted and its root added as trust anchor), 5-7 the firmware catalog's signing key trusted (its TPA created and
    /// granted, its FirmwareAuthor anchor added), 8 fleet.seeded, 9 registered, 10-11 state changes.
    /// </summary>
    private static async Task<TestDatabase> AuditedDatabaseAsync(FakeTimeProvider clock)
    {
        var database = await TestDatabase.CreateAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var ct = TestContext.Current.CancellationToken;
        clock.Advance(TimeSpan.FromSeconds(1));
        var registered = await database.Get<RegisterDeviceHandler>().HandleAsync(
            new RegisterDeviceRequest("AUDIT-SN-1", "Acme Thermo T1", "Acme Sensors"), TestActors.Operator(), ct);
        var changes = database.Get<ChangeDeviceStateHandler>();
        clock.Advance(TimeSpan.FromSeconds(1));
        await changes.HandleAsync(new ChangeDeviceStateRequest(registered.Id, DeviceState.Bootstrapping, "voucher requested"), TestActors.Operator(), ct);
        clock.Advance(TimeSpan.FromSeconds(1));
        await changes.HandleAsync(new ChangeDeviceStateRequest(registered.Id, DeviceState.Revoked, "Quarantined in transit"), Actor.User("security", "sec-id", ["Operator"]), ct);
        return database;
    }

    [Fact]
    public async Task VerifyAsync_AfterAuditedOperations_IsIntact()
    {
        await using var database = await AuditedDatabaseAsync(new FakeTimeProvider(WholeSecond));

        var result = await database.Get<AuditQueries>().VerifyAsync(TestContext.Current.CancellationToken);

        Assert.True(result.Intact, result.Problem);
        Assert.Equal(11, result.EntriesChecked);
        Assert.Null(result.FirstBrokenSequence);
    }

    [Fact]
    public async Task VerifyAsync_ClockWithSubMillisecondTicks_IsIntact()
    {
        await using var database = await AuditedDatabaseAsync(new FakeTimeProvider(WholeSecond.AddTicks(4321)));

        var result = await database.Get<AuditQueries>().VerifyAsync(TestContext.Current.CancellationToken);

        Assert.True(result.Intact, result.Problem);
        Assert.Equal(11, result.EntriesChecked);
    }

    [Fact]
    public async Task VerifyAsync_RowTamperedWithSql_NamesThatEntry()
    {
        await using var database = await AuditedDatabaseAsync(new FakeTimeProvider(WholeSecond));
        await using (var db = await database.CreateDbContextAsync())
        {
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync("UPDATE AuditEntries SET Details = 'x' WHERE Sequence = 2", TestContext.Current.CancellationToken));
        }

        var result = await database.Get<AuditQueries>().VerifyAsync(TestContext.Current.CancellationToken);

        Assert.False(result.Intact);
        Assert.Equal(2, result.FirstBrokenSequence);
        Assert.Equal(1, result.EntriesChecked);
    }

    [Fact]
    public async Task VerifyAsync_RowDeletedWithSql_NamesTheEntryAfterTheGap()
    {
        await using var database = await AuditedDatabaseAsync(new FakeTimeProvider(WholeSecond));
        await using (var db = await database.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM AuditEntries WHERE Sequence = 5", TestContext.Current.CancellationToken);
        }

        var result = await database.Get<AuditQueries>().VerifyAsync(TestContext.Current.CancellationToken);

        Assert.False(result.Intact);
        Assert.Equal(6, result.FirstBrokenSequence);
    }

    [Fact]
    public async Task ExportAsync_WholeChain_OldestFirstAndLinked()
    {
        await using var database = await AuditedDatabaseAsync(new FakeTimeProvider(WholeSecond));

        var exported = new List<AuditEntryDto>();
        await foreach (var entry in database.Get<AuditQueries>().ExportAsync(TestContext.Current.CancellationToken)) exported.Add(entry);

        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], exported.Select(e => e.Sequence));
        Assert.Equal([AuditActions.DomainPkiCreated, AuditActions.TpaCreated, AuditActions.TpaGranted, AuditActions.TrustAnchorAdded,
            AuditActions.TpaCreated, AuditActions.TpaGranted, AuditActions.TrustAnchorAdded, "fleet.seeded",
            AuditActions.DeviceRegistered, AuditActions.DeviceStateChanged, AuditActions.DeviceStateChanged], exported.Select(e => e.Action));
        for (var i = 1; i < exported.Count; i++) Assert.Equal(exported[i - 1].Hash, exported[i].PreviousHash);
        Assert.Equal(WholeSecond.AddSeconds(3), exported[10].Timestamp);
    }

    [Theory]
    [InlineData("STATE-CHANGED", new long[] { 11, 10 })]
    [InlineData("user:SECURITY", new long[] { 11 })]
    [InlineData("audit-sn-1", new long[] { 11, 10, 9 })]
    [InlineData("quarantined in", new long[] { 11 })]
    [InlineData("  voucher ", new long[] { 10 })]
    [InlineData("nothing like this", new long[0])]
    public async Task ListAsync_Search_MatchesActorActionTargetOrDetailsIgnoringCase(string search, long[] sequences)
    {
        await using var database = await AuditedDatabaseAsync(new FakeTimeProvider(WholeSecond));

        var result = await database.Get<AuditQueries>().ListAsync(new AuditQuery(Search: search), TestContext.Current.CancellationToken);

        Assert.Equal(sequences, result.Items.Select(e => e.Sequence));
        Assert.Equal(sequences.Length, result.TotalCount);
    }

    [Fact]
    public async Task ListAsync_TargetFilterAndPaging_NewestFirst()
    {
        await using var database = await AuditedDatabaseAsync(new FakeTimeProvider(WholeSecond));
        var queries = database.Get<AuditQueries>();

        var byTarget = await queries.ListAsync(new AuditQuery(TargetType: AuditTargets.Device, TargetId: "AUDIT-SN-1"), TestContext.Current.CancellationToken);
        var first = await queries.ListAsync(new AuditQuery(Page: 0, PageSize: 3), TestContext.Current.CancellationToken);
        var second = await queries.ListAsync(new AuditQuery(Page: 1, PageSize: 3), TestContext.Current.CancellationToken);

        Assert.Equal([11L, 10, 9], byTarget.Items.Select(e => e.Sequence));
        Assert.Equal([11L, 10, 9], first.Items.Select(e => e.Sequence));
        Assert.Equal([8L, 7, 6], second.Items.Select(e => e.Sequence));
        Assert.Equal(11, second.TotalCount);
        await Assert.ThrowsAsync<RequestValidationException>(() => queries.ListAsync(new AuditQuery(PageSize: 0), TestContext.Current.CancellationToken));
    }
}
