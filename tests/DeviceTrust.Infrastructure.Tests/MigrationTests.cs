using DeviceTrust.Domain.Accounts;
using DeviceTrust.Infrastructure.Persistence;
using DeviceTrust.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Infrastructure.Tests;

public sealed class MigrationTests
{
    // Never opened: the model and the migrations are compared in memory.
    private const string UnusedSqlServer = "Server=127.0.0.1,1;Database=DeviceTrustNeverOpened;User Id=none;Password=none;TrustServerCertificate=True";

    private static SqliteDeviceTrustDbContext Sqlite() =>
        new(new DbContextOptionsBuilder<SqliteDeviceTrustDbContext>().UseSqlite("Data Source=never-opened.db").Options);

    private static SqlServerDeviceTrustDbContext SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerDeviceTrustDbContext>().UseSqlServer(UnusedSqlServer).Options);

    [Fact]
    public void HasPendingModelChanges_SqliteContext_False()
    {
        using var db = Sqlite();

        Assert.False(db.Database.HasPendingModelChanges(), "The SQLite model differs from its migrations: add a migration.");
    }

    [Fact]
    public void HasPendingModelChanges_SqlServerContext_False()
    {
        using var db = SqlServer();

        Assert.False(db.Database.HasPendingModelChanges(), "The SQL Server model differs from its migrations: add a migration.");
    }

    [Fact]
    public void GetMigrations_BothProviders_HaveTheSameMigrationNames()
    {
        using var sqlite = Sqlite();
        using var sqlServer = SqlServer();

        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]);

        Assert.NotEmpty(sqlite.Database.GetMigrations());
        Assert.Equal(Names(sqlite), Names(sqlServer));
    }

    [Fact]
    public void GenerateScript_SqlServer_CreatesTheTables()
    {
        using var db = SqlServer();

        var script = db.GetService<IMigrator>().GenerateScript();

        Assert.Contains("CREATE TABLE [Devices]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [AuditEntries]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [AspNetUsers]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [ApiTokens]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [TelemetrySamples]", script, StringComparison.Ordinal);
        Assert.Contains("datetimeoffset", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeDatabaseAsync_FreshSqliteFile_AppliesAllMigrationsAndCreatesRoles()
    {
        await using var database = await TestDatabase.CreateAsync(seed: false);

        await using (var db = await database.CreateDbContextAsync())
        {
            var applied = await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken);
            Assert.Equal(db.Database.GetMigrations(), applied);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
            Assert.Equal(0, await db.Devices.CountAsync(TestContext.Current.CancellationToken));
        }

        Assert.Equal(Roles.All.Order(), await RoleNamesAsync(database));
        Assert.True(File.Exists(database.FilePath));
    }

    [Fact]
    public async Task InitializeDatabaseAsync_RunTwice_IsHarmless()
    {
        await using var database = await TestDatabase.CreateAsync(seed: false);

        await database.Services.InitializeDatabaseAsync(TestContext.Current.CancellationToken);

        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(Roles.All.Order(), await RoleNamesAsync(database));
    }

    [Fact]
    public async Task InitializeDatabaseAsync_Sqlite_SwitchesToWriteAheadLog()
    {
        await using var database = await TestDatabase.CreateAsync(seed: false);
        await using var db = await database.CreateDbContextAsync();

        var mode = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["wal"], mode);
    }

    private static async Task<List<string>> RoleNamesAsync(TestDatabase database)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        return (await roles.Roles.Select(r => r.Name!).ToListAsync(TestContext.Current.CancellationToken)).Order().ToList();
    }
}
