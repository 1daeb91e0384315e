using System.Data.Common;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Infrastructure.Persistence;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DeviceTrust.Infrastructure.Tests;

/// <summary>
/// A deferred save (telemetry) commits without flushing SQLite's log, on its own connection only: the setting is back
/// before the connection is used again, and every other save still flushes.
/// </summary>
public sealed class SaveDurabilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeferredSave_CommitsWithoutFlush_ThenTheConnectionFlushesAgain()
    {
        await using var database = await TestDatabase.CreateAsync();
        var probe = new SynchronousProbe();
        await using var db = ContextWith(database, probe);
        var manufacturer = await db.Manufacturers.AsNoTracking().Select(m => m.Id).FirstAsync(Ct);

        db.MasaLog.Add(Entry(manufacturer, "DEFERRED-1"));
        await db.SaveChangesAsync(SaveDurability.Deferred, Ct);
        db.MasaLog.Add(Entry(manufacturer, "FLUSHED-1"));
        await db.SaveChangesAsync(Ct);

        Assert.Equal([SqliteSynchronous.Normal, SqliteSynchronous.Full], probe.SeenBySaves);
        await db.Database.OpenConnectionAsync(Ct);
        Assert.Equal(SqliteSynchronous.Full, await SqliteSynchronous.ReadAsync(db.Database.GetDbConnection(), Ct));
        await db.Database.CloseConnectionAsync();
        // Committed, and seen by another context at once.
        await using var other = await database.CreateDbContextAsync();
        Assert.Equal(2, await other.MasaLog.CountAsync(e => e.SerialNumber == "DEFERRED-1" || e.SerialNumber == "FLUSHED-1", Ct));
    }

    [Fact]
    public async Task DeferredSave_ThatFails_ChangesNothing_AndLeavesTheConnectionFlushing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var probe = new SynchronousProbe();
        await using var db = ContextWith(database, probe);
        // No such manufacturer: the foreign key refuses the row.
        db.MasaLog.Add(Entry(Guid.NewGuid(), "DEFERRED-FAILS"));

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(SaveDurability.Deferred, Ct));

        Assert.Equal([SqliteSynchronous.Normal], probe.SeenBySaves);
        await db.Database.OpenConnectionAsync(Ct);
        Assert.Equal(SqliteSynchronous.Full, await SqliteSynchronous.ReadAsync(db.Database.GetDbConnection(), Ct));
        await db.Database.CloseConnectionAsync();
        await using var other = await database.CreateDbContextAsync();
        Assert.False(await other.MasaLog.AnyAsync(e => e.SerialNumber == "DEFERRED-FAILS", Ct));
    }

    [Fact]
    public async Task ContextsOfTheFactory_KeepTheirConnectionOpenForTheOperation_DeferredSavesIncluded()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(System.Data.ConnectionState.Open, db.Database.GetDbConnection().State);
        var manufacturer = await db.Manufacturers.AsNoTracking().Select(m => m.Id).FirstAsync(Ct);

        db.MasaLog.Add(Entry(manufacturer, "DEFERRED-OPEN"));
        await db.SaveChangesAsync(SaveDurability.Deferred, Ct);

        Assert.Equal(System.Data.ConnectionState.Open, db.Database.GetDbConnection().State);
        Assert.Equal(SqliteSynchronous.Full, await SqliteSynchronous.ReadAsync(db.Database.GetDbConnection(), Ct));
    }

    private static MasaLogEntry Entry(Guid manufacturer, string serial) =>
        MasaLogEntry.Refused(manufacturer, serial, new string('a', 64), "CN=test", "durability test", DateTimeOffset.UtcNow);

    private static SqliteDeviceTrustDbContext ContextWith(TestDatabase database, SynchronousProbe probe) =>
        new(new DbContextOptionsBuilder<SqliteDeviceTrustDbContext>()
            .UseSqlite($"Data Source={database.FilePath}")
            .AddInterceptors(new BusyTimeoutInterceptor(), probe)
            .Options);

    /// <summary>Reads PRAGMA synchronous on the saving connection as each save begins (inside the writer's turn).</summary>
    private sealed class SynchronousProbe : SaveChangesInterceptor
    {
        public List<long> SeenBySaves { get; } = [];

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            var database = eventData.Context!.Database;
            await database.OpenConnectionAsync(cancellationToken);
            try
            {
                SeenBySaves.Add(await SqliteSynchronous.ReadAsync(database.GetDbConnection(), cancellationToken));
            }
            finally
            {
                await database.CloseConnectionAsync();
            }
            return result;
        }
    }
}
