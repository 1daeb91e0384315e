using DeviceTrust.Application.Common;
using DeviceTrust.Application.Updates.Rollouts;
using DeviceTrust.Application.Attestation.Verifier;
using DeviceTrust.Application.Updates.WhatIf;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Infrastructure;
using DeviceTrust.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DeviceTrust.Web.WhatIf;

/// <summary>
/// A what-if run's own world: a host built with AddInfrastructureServices over a SQLite file of its own (no seed, no hosted
/// service started, no simulator), a clock of its own that only the runner moves, and a <see cref="WhatIfFleet"/> as its device hub. It holds a copy of what
/// the plan needs from the real database (the release's class, its manufacturer, the group, the release and its images)
/// and N Operational virtual devices of the class (WHATIF-00001…); nothing it does reaches the real database.
/// Disposing deletes its file.
/// </summary>
public sealed class WhatIfSandbox : IWhatIfSandbox, IAsyncDisposable
{
    private readonly IHost _host;
    private readonly WhatIfFleet _fleet;

    private WhatIfSandbox(IHost host, string path, WhatIfClock clock, WhatIfFleet fleet, WhatIfRelease release)
    {
        _host = host;
        FilePath = path;
        Clock = clock;
        _fleet = fleet;
        Release = release;
    }

    public string FilePath { get; }
    public WhatIfClock Clock { get; }
    public WhatIfRelease Release { get; }
    public IServiceProvider Services => _host.Services;
    public WhatIfFleet Fleet => _fleet;
    public int Devices => _fleet.Count;

    /// <summary>The sandbox's read side: what the live view shows.</summary>
    public RolloutQueries Queries => Services.GetRequiredService<RolloutQueries>();

    public RolloutOptions Rollouts => Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RolloutOptions>>().Value;

    /// <param name="real">The real database: read only.</param>
    /// <param name="rollouts">The server's Rollouts settings: the sandbox's conductor paces itself the same.</param>
    /// <param name="start">The real time now: the simulated clock starts there, and the envelope is checked against the anchors valid then.</param>
    public static async Task<WhatIfSandbox> CreateAsync(IDeviceTrustDbContextFactory real, WhatIfRequest request, RolloutOptions rollouts,
        DateTimeOffset start, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(request);
        var copy = await WhatIfCopy.ReadAsync(real, request, start, cancellationToken);
        var path = Path.Combine(Directory(), $"devicetrust-what-if-{Guid.NewGuid():N}.db");
        var clock = new WhatIfClock(start);
        var fleet = new WhatIfFleet(request.Faults ?? WhatIfFaults.None, clock, seed: 10);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration["ConnectionStrings:DeviceTrust"] = $"Data Source={path}";
        builder.Configuration["Seed:Enabled"] = "false";
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.AddInfrastructureServices();
        builder.Services.Configure<RolloutOptions>(o =>
        {
            (o.TickSeconds, o.MaxOffersPerTick, o.ReofferAfterSeconds) = (rollouts.TickSeconds, rollouts.MaxOffersPerTick, rollouts.ReofferAfterSeconds);
            (o.ReportTimeoutMinutes, o.AttestationTimeoutMinutes) = (rollouts.ReportTimeoutMinutes, rollouts.AttestationTimeoutMinutes);
        });
        builder.Services.Replace(ServiceDescriptor.Singleton<IDeviceUpdateChannel>(fleet));
        builder.Services.Replace(ServiceDescriptor.Singleton<IDeviceAttestationChannel>(fleet));
        var host = builder.Build();
        var sandbox = new WhatIfSandbox(host, path, clock, fleet, copy.Release);
        try
        {
            await host.Services.InitializeDatabaseAsync(cancellationToken);
            await copy.WriteAsync(host.Services.GetRequiredService<IDeviceTrustDbContextFactory>(), cancellationToken);
            await copy.AddDevicesAsync(sandbox.Services.GetRequiredService<IDeviceTrustDbContextFactory>(), sandbox.Fleet, sandbox.Clock.GetUtcNow(),
                request.Devices ?? Math.Clamp(copy.RealDevices, 1, WhatIfRequest.MaxDevices), cancellationToken);
            fleet.Attach(host.Services, copy.Release);
            return sandbox;
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    /// <summary>A sandbox is thrown away after the run: a memory-backed folder where there is one (no disk flush to wait for), else the temp folder.</summary>
    private static string Directory() =>
        OperatingSystem.IsLinux() && System.IO.Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable disposable) await disposable.DisposeAsync();
        else _host.Dispose();
        _fleet.Dispose();
        using (var connection = new SqliteConnection($"Data Source={FilePath}")) SqliteConnection.ClearPool(connection);
        foreach (var file in new[] { FilePath, FilePath + "-wal", FilePath + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Still open by a finishing query; the temp folder is cleaned by the OS.
            }
        }
    }
}
