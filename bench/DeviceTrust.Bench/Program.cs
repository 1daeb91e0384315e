using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DeviceTrust.Bench;
using DeviceTrust.Bench.Enrollment;
using DeviceTrust.Testing.AppHost;
using Microsoft.Data.Sqlite;

// Load driver, not a test: starts the web app, enrolls the devices (IDevID, BRSKI, EST; untimed), connects them to the
// device hub with their LDevIDs, then drives it at a paced rate and reports what reached the database.
// Exit codes: 0 target met, 1 persisted rate below target, 2 usage error or failed run.
const int TargetPersistedPerSecond = 1_000;
const string Usage = $"usage: DeviceTrust.Bench ingest [--devices 200] [--rate 1500] [--seconds 30]\n   or: {AttestCommand.Usage}";

// attest: complete challenge-response sessions over HTTPS (AttestCommand).
if (args is ["attest", .. var attestArgs]) return await AttestCommand.RunAsync(attestArgs);
if (args is ["what-if", .. var whatIfArgs]) return await WhatIfCommand.RunAsync(whatIfArgs);
if (args.Length == 0 || args[0] != "ingest")
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var options = new Dictionary<string, int> { ["--devices"] = 200, ["--rate"] = 1500, ["--seconds"] = 30 };
for (var i = 1; i < args.Length; i += 2)
{
    if (!options.ContainsKey(args[i]) || i + 1 >= args.Length
        || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
    {
        Console.Error.WriteLine($"Bad option near '{args[i]}'. {Usage}");
        return 2;
    }

    options[args[i]] = value;
}

var (devices, rate, seconds) = (options["--devices"], options["--rate"], options["--seconds"]);
// Figures print the same on every machine.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
try
{
    var repoRoot = WebAppBuild.FindRepositoryRoot();
    var fleet = await BenchFleet.ReadAsync(repoRoot, devices);
    var password = await RepositoryFiles.DevPasswordAsync(repoRoot);

    await using var app = await BenchApp.StartAsync(maxDevicesPerFleet: devices);
    Console.WriteLine($"App up at {app.BaseUrl} and {app.DeviceUrl} (pid {app.Pid}).");
    Console.WriteLine($"Enrolling {devices} devices, {FleetEnrollment.Concurrency} at a time: IDevID, BRSKI, EST (untimed)...");
    using var securityApi = await ApiSession.SignInAsync(app.BaseUrl, "security", password, CancellationToken.None);
    var (credentials, enrollment) = await FleetEnrollment.EnrollAsync(app.DeviceUrl, securityApi, fleet, CancellationToken.None);
    try
    {
        Console.WriteLine($"  enrolled in {enrollment.TotalSeconds:F1} s; connecting them to the hub with their LDevIDs (untimed)...");
        var connecting = Stopwatch.StartNew();
        await using var load = await IngestLoad.ConnectAsync(app.DeviceUrl, credentials);
        connecting.Stop();
        await using var persisted = await PersistedCount.StartAsync(app.DatabasePath);

        Console.WriteLine($"  connected in {connecting.Elapsed.TotalSeconds:F1} s. Sending {rate}/s for {seconds} s...");
        var loadBefore = Results.LoadAverage();
        var clock = Stopwatch.StartNew();
        var cpuBefore = new CpuTimes(app.CpuTime, Process.GetCurrentProcess().TotalProcessorTime, clock.Elapsed);
        var sent = await WithProgressAsync(load.SendAsync(rate, seconds));
        var persistedCount = await WithProgressAsync(persisted.WaitForDrainAsync(sent.Sent));

        var cpu = new CpuTimes(app.CpuTime, Process.GetCurrentProcess().TotalProcessorTime, clock.Elapsed) - cpuBefore;
        var results = new Results(devices, rate, seconds, enrollment, connecting.Elapsed, sent, persistedCount, persisted.LastIncreaseAt,
            app.PeakWorkingSetBytes, cpu, loadBefore, Results.LoadAverage());
        results.Print();
        return results.PersistedPerSecond >= TargetPersistedPerSecond ? 0 : 1;

        // A line every 5 s shows where the persisted count starts to lag the sent count.
        async Task<T> WithProgressAsync<T>(Task<T> task)
        {
            while (await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(5))) != task)
            {
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,4:F0} s  sent {load.Sent,7}  persisted {persisted.Count,7}");
            }

            return await task;
        }
    }
    finally
    {
        foreach (var credential in credentials) credential.Dispose();
    }
}
catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException or HttpRequestException or SqliteException or JsonException)
{
    Console.Error.WriteLine($"ingest failed: {e.Message}");
    return 2;
}
