using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Infrastructure.Persistence;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Infrastructure.Tests;

/// <summary>The writers of one process take turns at a SQLite file instead of colliding (and sleeping 150 ms) in SQLite.</summary>
public sealed class SqliteWritersTests
{
    [Fact]
    public void GateFor_OneFileSpelledTwoWays_IsOneGate_AnotherFileAnother()
    {
        var name = $"devicetrust-gate-{Guid.NewGuid():N}.db";

        var relative = SqliteWriters.GateFor($"Data Source={name}");
        var absolute = SqliteWriters.GateFor($"Data Source={Path.GetFullPath(name)};Mode=ReadWriteCreate");
        var other = SqliteWriters.GateFor($"Data Source=other-{name}");

        Assert.Same(relative, absolute);
        Assert.NotSame(relative, other);
    }

    [Fact]
    public async Task SaveChanges_WhileAnotherWriterOfThisProcessHoldsTheFile_WaitsItsTurnThenSaves()
    {
        await using var database = await TestDatabase.CreateAsync();
        var gate = SqliteWriters.GateFor($"Data Source={database.FilePath}");
        await using var db = await database.CreateDbContextAsync();
        var manufacturer = await db.Manufacturers.AsNoTracking().Select(m => m.Id).FirstAsync(TestContext.Current.CancellationToken);
        db.MasaLog.Add(MasaLogEntry.Refused(manufacturer, "GATE-1", new string('a', 64), "CN=test", "queued behind another writer", DateTimeOffset.UtcNow));

        await gate.WaitAsync(TestContext.Current.CancellationToken);
        Task<int> save;
        try
        {
            save = db.SaveChangesAsync(TestContext.Current.CancellationToken);
            // Without the gate this save is done in a millisecond; with it, it cannot finish while the gate is held.
            Assert.NotSame(save, await Task.WhenAny(save, Task.Delay(500, TestContext.Current.CancellationToken)));
            Assert.Equal(0, await CountAsync(database));
        }
        finally
        {
            gate.Release();
        }

        Assert.Equal(1, await save);
        Assert.Equal(1, await CountAsync(database));
    }

    [Fact]
    public async Task Connections_OfTheContext_WaitForOtherProcessesWritersInsideSqlite()
    {
        await using var database = await TestDatabase.CreateAsync(seed: false);
        await using var db = await database.Get<IDbContextFactory<SqliteDeviceTrustDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);

        // Twice: the second open reuses the pooled native connection, which keeps the setting.
        for (var open = 0; open < 2; open++)
        {
            await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
            await using (var command = db.Database.GetDbConnection().CreateCommand())
            {
                command.CommandText = "PRAGMA busy_timeout;";
                Assert.Equal(30000L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
            }
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<int> CountAsync(TestDatabase database)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.MasaLog.CountAsync(e => e.SerialNumber == "GATE-1", TestContext.Current.CancellationToken);
    }
}
