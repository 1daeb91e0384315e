extern alias web;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Updates.Catalog;
using DeviceTrust.Application.Updates.Rollouts;
using DeviceTrust.Application.Updates.WhatIf;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Infrastructure;
using DeviceTrust.Infrastructure.Persistence;
using DeviceTrust.Testing.AppHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using web::DeviceTrust.Web.WhatIf;

namespace DeviceTrust.Bench;

/// <summary>
/// A what-if rollout run in-process, as the server runs one (no web server): a source database (the development seed and
/// one release of Acme Thermo T1, untimed), then the sandbox (its database, the copy, N virtual devices) and the run on the
/// accelerated clock, timed. Meanwhile a reader polls the sandbox as the live view does, to show it stays live.
/// </summary>
internal static class WhatIfCommand
{
    public const string Usage = "DeviceTrust.Bench what-if [--devices 10000] [--waves 4] [--install-failure 0.01] [--offline 0] [--contraindicated 0]";
    private const string DeviceClass = "Acme Thermo T1";

    public static async Task<int> RunAsync(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var (devices, waves) = (10_000, 4);
        var (installFailure, offline, contraindicated) = (0.0, 0.0, 0.0);
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            var ok = args[i] switch
            {
                "--devices" => int.TryParse(value, CultureInfo.InvariantCulture, out devices),
                "--waves" => int.TryParse(value, CultureInfo.InvariantCulture, out waves),
                "--install-failure" => double.TryParse(value, CultureInfo.InvariantCulture, out installFailure),
                "--offline" => double.TryParse(value, CultureInfo.InvariantCulture, out offline),
                "--contraindicated" => double.TryParse(value, CultureInfo.InvariantCulture, out contraindicated),
                _ => false,
            };
            if (!ok)
            {
                Console.Error.WriteLine($"Bad option near '{args[i]}'. usage: {Usage}");
                return 2;
            }
        }

        var plans = Enumerable.Range(0, waves).Select(i => new WavePlan(100 / waves, true, 90, 10, true)).ToList();
        var directory = Directory.CreateTempSubdirectory("devicetrust-bench-what-if-").FullName;
        try
        {
            Console.WriteLine("Source database: development seed and one release of Acme Thermo T1 (untimed)...");
            using var source = await SourceAsync(Path.Combine(directory, "source.db"));
            var releaseId = await PublishAsync(source.Services);
            var request = new WhatIfRequest(releaseId, null, devices, plans, null, new WhatIfFaults(InstallFailure: installFailure, OfflineMidUpdate: offline,
                ContraindicatedAfterInstall: contraindicated));
            request.Validate();
            var options = new WhatIfOptions();

            var rollouts = new RolloutOptions();
            Console.WriteLine($"What-if: {devices} devices in {waves} waves; the server's default Rollouts settings ({rollouts.TickSeconds} s tick, "
                              + $"{rollouts.MaxOffersPerTick} offers a tick), idle steps up to {options.IdleStepSeconds} s...");
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var wall = Stopwatch.StartNew();
            await using var sandbox = await WhatIfSandbox.CreateAsync(source.Services.GetRequiredService<IDeviceTrustDbContextFactory>(), request,
                rollouts, DateTimeOffset.UtcNow);
            var prepared = wall.Elapsed;
            var reader = new LiveReader(sandbox);
            var progress = new WhatIfProgress(Guid.Empty, 0, TimeSpan.Zero, Domain.Updates.RolloutStatus.Running);
            using var stop = new CancellationTokenSource();
            var reading = reader.RunAsync(() => progress.RolloutId, stop.Token);
            var report = await WhatIfRunner.RunAsync(sandbox, request, new Actor("user:bench"), TimeSpan.FromSeconds(options.IdleStepSeconds),
                TimeSpan.FromHours(options.MaxSimulatedHours), p =>
                {
                    progress = p;
                    if (p.Ticks % 50 == 0) Console.WriteLine($"  {wall.Elapsed.TotalSeconds,5:F1} s  tick {p.Ticks,5}  simulated {p.Simulated}  {p.Status}");
                });
            wall.Stop();
            await stop.CancelAsync();
            await reading;
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;

            Console.WriteLine();
            Console.WriteLine($"outcome           {report.Outcome}: {report.Why}");
            foreach (var w in report.Waves)
                Console.WriteLine($"  wave {w.Wave}          {w.Total} devices: {w.Verified} verified, {w.Installed} installed, {w.Failed} failed, {w.Offered} offered, {w.Pending} pending");
            foreach (var f in report.Failures) Console.WriteLine($"  failed {f.Count,6}   {f.Reason}");
            Console.WriteLine($"refused reports   {report.RefusedReports}");
            Console.WriteLine($"wall time         {wall.Elapsed.TotalSeconds:F1} s (sandbox set-up {prepared.TotalSeconds:F1} s, run {(wall.Elapsed - prepared).TotalSeconds:F1} s)");
            Console.WriteLine($"ticks             {progress.Ticks}, simulated {progress.Simulated} ({progress.Simulated.TotalSeconds / Math.Max(0.001, (wall.Elapsed - prepared).TotalSeconds):F0}x real time)");
            Console.WriteLine($"where             virtual devices (reports, appraisals) {progress.InDevices.TotalSeconds:F1} s, conductor ticks {progress.InConductor.TotalSeconds:F1} s");
            Console.WriteLine($"process CPU       {cpu.TotalSeconds:F1} s ({cpu.TotalSeconds / wall.Elapsed.TotalSeconds * 100:F0}% of one core over the wall time, {Environment.ProcessorCount} cores)");
            Console.WriteLine($"peak working set  {process.PeakWorkingSet64 / 1048576.0:F0} MiB (GC heap now {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:F0} MiB, allocated {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1048576.0:F0} MiB)");
            Console.WriteLine($"live view         {reader.Summary()}");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<IHost> SourceAsync(string path)
    {
        var root = WebAppBuild.FindRepositoryRoot();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration["ConnectionStrings:DeviceTrust"] = $"Data Source={path}";
        builder.Configuration["Seed:Enabled"] = "true";
        builder.Configuration["Seed:Directory"] = Path.Combine(root, "seed-data");
        builder.Configuration["Seed:DevPassword"] = await RepositoryFiles.DevPasswordAsync(root);
        builder.Configuration["Seed:MaxDevicesPerFleet"] = "2";
        builder.AddInfrastructureServices();
        var host = builder.Build();
        await host.Services.InitializeDatabaseAsync();
        return host;
    }

    private static async Task<Guid> PublishAsync(IServiceProvider services)
    {
        Guid classId;
        await using (var db = await services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync())
            classId = await db.DeviceClasses.Where(c => c.Name == DeviceClass).Select(c => c.Id).SingleAsync();
        var release = await services.GetRequiredService<PublishFirmwareHandler>().PublishImageAsync(new Actor("user:bench", null, new HashSet<string> { Roles.Operator }),
            new PublishImageRequest(classId, "9.0.0", "firmware", RandomNumberGenerator.GetBytes(64 * 1024)));
        return release.Id;
    }

    /// <summary>What the live view does while the run goes: the rollout, its waves and the first page of its devices, every 250 ms.</summary>
    private sealed class LiveReader(WhatIfSandbox sandbox)
    {
        private readonly List<double> _milliseconds = [];

        public async Task RunAsync(Func<Guid> rollout, CancellationToken stop)
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await Task.Delay(250, stop);
                    if (rollout() is var id && id == Guid.Empty) continue;
                    var watch = Stopwatch.StartNew();
                    await sandbox.Queries.GetAsync(id, stop);
                    await sandbox.Queries.TargetsAsync(id, pageSize: 25, cancellationToken: stop);
                    _milliseconds.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }

        public string Summary()
        {
            if (_milliseconds.Count == 0) return "no read";
            var sorted = _milliseconds.Order().ToList();
            return $"{sorted.Count} reads (rollout + first page of devices): median {sorted[sorted.Count / 2]:F0} ms, "
                   + $"95th {sorted[(int)(sorted.Count * 0.95)]:F0} ms, max {sorted[^1]:F0} ms";
        }
    }
}
