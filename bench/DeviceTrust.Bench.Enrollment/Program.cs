using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DeviceTrust.Bench;
using DeviceTrust.Bench.Enrollment;
using DeviceTrust.Testing.AppHost;

// Load driver, not a test: how many complete BRSKI + EST enrollments per second the app sustains. Registers and mints
// the pledges first (untimed), then runs them at a fixed concurrency and reports rate, latency and failures.
// Exit codes: 0 every pledge enrolled, 1 some failed, 2 usage error or failed run.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"{e.Message}\n{BenchOptions.Usage}");
    return 2;
}

// Figures print the same on every machine.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
try
{
    var repoRoot = WebAppBuild.FindRepositoryRoot();
    var password = options.Password ?? await RepositoryFiles.DevPasswordAsync(repoRoot);
    await using var app = options.Server is null ? await BenchApp.StartAsync(maxDevicesPerFleet: 2) : null;
    var (server, registrar) = app is null ? (options.Server!, options.Registrar!) : (app.BaseUrl, app.DeviceUrl);
    Console.WriteLine(app is null ? $"Driving {server} (device listener {registrar})." : $"App up at {server} and {registrar} (pid {app.Pid}).");

    Console.WriteLine($"Registering {options.Warmup + options.Pledges} devices and minting their IDevIDs (untimed)...");
    var setup = Stopwatch.StartNew();
    var idevids = await PledgeSetup.PrepareAsync(server, password, options.Warmup + options.Pledges, CancellationToken.None);
    setup.Stop();
    try
    {
        if (options.Warmup > 0)
        {
            Console.WriteLine($"Warming up: enrolling {options.Warmup} pledges, {options.Concurrency} at a time (untimed)...");
            var warmup = new EnrollmentLoad(registrar);
            var (_, warmupElapsed) = await warmup.RunAsync(idevids.Take(options.Warmup).ToList(), options.Concurrency, CancellationToken.None);
            Console.WriteLine($"  {warmup.Succeeded} enrolled, {warmup.Failed} failed in {warmupElapsed.TotalSeconds:F1} s");
        }

        Console.WriteLine($"Enrolling {options.Pledges} pledges, {options.Concurrency} at a time...");
        var load = new EnrollmentLoad(registrar);
        var loadBefore = Results.LoadAverage();
        var (appCpu, driverCpu) = (app?.CpuTime, Process.GetCurrentProcess().TotalProcessorTime);
        var clock = Stopwatch.StartNew();
        var running = load.RunAsync(idevids.Skip(options.Warmup).ToList(), options.Concurrency, CancellationToken.None);
        // A line every 5 s shows the rate settling once the app's code is warm.
        while (await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(5))) != running)
            Console.WriteLine($"  {clock.Elapsed.TotalSeconds,4:F0} s  enrolled {load.Succeeded,5}  failed {load.Failed,4}");
        var (outcomes, elapsed) = await running;

        var cpu = new CpuTimes(app?.CpuTime - appCpu, Process.GetCurrentProcess().TotalProcessorTime - driverCpu);
        var results = new Results(options.Concurrency, options.Warmup, outcomes, elapsed, setup.Elapsed, app?.PeakWorkingSetBytes, cpu,
            loadBefore, Results.LoadAverage());
        results.Print();
        return results.Failed == 0 ? 0 : 1;
    }
    finally
    {
        foreach (var idevid in idevids) idevid.Dispose();
    }
}
catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException or HttpRequestException or JsonException)
{
    Console.Error.WriteLine($"enrollment bench failed: {e.Message}");
    return 2;
}
