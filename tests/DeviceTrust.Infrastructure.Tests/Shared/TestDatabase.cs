using DeviceTrust.Application.Common;
using DeviceTrust.Infrastructure;
using DeviceTrust.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Testing;

/// <summary>
/// A host over a fresh SQLite file: AddInfrastructureServices, migrated and (optionally) seeded from seed-data/.
/// Hosted services are not started; a test that needs the report worker starts it. Disposing deletes the file.
/// Shared with DeviceTrust.Application.Tests by a linked Compile item.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string DevPassword = "Test-only dev password 1!";
    public const int MaxDevicesPerFleet = 3;

    private readonly bool _ownsFile;

    private TestDatabase(IHost host, string path, bool ownsFile)
    {
        Host = host;
        FilePath = path;
        _ownsFile = ownsFile;
    }

    public IHost Host { get; }
    public string FilePath { get; }
    public IServiceProvider Services => Host.Services;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();
    public static string SeedDirectory => Path.Combine(RepositoryRoot, "seed-data");

    /// <param name="seed">Seed the development data (users, manufacturers, classes, groups, 3 devices per fleet).</param>
    /// <param name="configure">Runs before AddInfrastructureServices: add settings or replace TimeProvider here.</param>
    public static async Task<TestDatabase> CreateAsync(
        bool seed = true, Action<HostApplicationBuilder>? configure = null, bool initialize = true, string environment = "Development",
        string? existingFile = null)
    {
        var path = existingFile ?? Path.Combine(Path.GetTempPath(), $"devicetrust-test-{Guid.NewGuid():N}.db");
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = environment,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:DeviceTrust"] = $"Data Source={path}";
        if (seed)
        {
            builder.Configuration["Seed:Enabled"] = "true";
            builder.Configuration["Seed:Directory"] = SeedDirectory;
            builder.Configuration["Seed:DevPassword"] = DevPassword;
            builder.Configuration["Seed:MaxDevicesPerFleet"] = MaxDevicesPerFleet.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        configure?.Invoke(builder);
        builder.AddInfrastructureServices();
        var database = new TestDatabase(builder.Build(), path, ownsFile: existingFile is null);
        try
        {
            if (initialize) await database.Services.InitializeDatabaseAsync();
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }

        return database;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A new context for one operation, as the application gets them.</summary>
    public Task<IDeviceTrustDbContext> CreateDbContextAsync() => Get<IDeviceTrustDbContextFactory>().CreateAsync();

    /// <summary>Resolves a service inside a fresh scope (for scoped services such as UserManager).</summary>
    public async Task<TResult> InScopeAsync<TService, TResult>(Func<TService, Task<TResult>> use)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>A second app start over the same database file (as after a restart); it leaves the file to its owner.</summary>
    public static Task<TestDatabase> ReopenAsync(TestDatabase running) => CreateAsync(seed: false, existingFile: running.FilePath);

    public async ValueTask DisposeAsync()
    {
        if (Host is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
        else Host.Dispose();
        if (!_ownsFile) return;
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { FilePath, FilePath + "-wal", FilePath + "-shm" })
        {
            if (File.Exists(file)) File.Delete(file);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeviceTrust.sln"))) return dir.FullName;
        }

        throw new DirectoryNotFoundException($"DeviceTrust.sln was not found above {AppContext.BaseDirectory}.");
    }
}
