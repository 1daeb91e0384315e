using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DeviceTrust.Attestation;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Bench.Enrollment;
using DeviceTrust.Testing.AppHost;
using Microsoft.Data.Sqlite;

namespace DeviceTrust.Bench;

/// <summary>
/// The attest driver: starts the app, enrolls the devices and publishes the reference values of their firmware
/// (untimed), binds each device's endorsed attestation key with one session and warms up, then runs whole
/// challenge-response sessions over HTTPS from concurrent workers and checks that every complete one was persisted.
/// Exit codes: 0 at least 1,000 complete sessions/s, 1 below, 2 usage error or failed run.
/// </summary>
internal static class AttestCommand
{
    public const string Usage = "DeviceTrust.Bench attest [--devices 50] [--concurrency 64] [--seconds 30] [--warmup 5]";
    private const int TargetPerSecond = 1_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, int> { ["--devices"] = 50, ["--concurrency"] = 64, ["--seconds"] = 30, ["--warmup"] = 5 };
        for (var i = 0; i < args.Length; i += 2)
        {
            // --warmup 0 skips the warm-up; every other option is positive.
            if (!options.ContainsKey(args[i]) || i + 1 >= args.Length
                || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || (value == 0 && args[i] != "--warmup"))
            {
                Console.Error.WriteLine($"Bad option near '{args[i]}'. usage: {Usage}");
                return 2;
            }
            options[args[i]] = value;
        }

        var (devices, concurrency, seconds, warmup) = (options["--devices"], options["--concurrency"], options["--seconds"], options["--warmup"]);
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            return await RunAsync(devices, concurrency, seconds, warmup);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException or HttpRequestException or SqliteException or JsonException
                                      or AttestationFormatException)
        {
            Console.Error.WriteLine($"attest failed: {e.Message}");
            return 2;
        }
    }

    private static async Task<int> RunAsync(int devices, int concurrency, int seconds, int warmup)
    {
        var repoRoot = WebAppBuild.FindRepositoryRoot();
        var fleet = await BenchFleet.ReadAsync(repoRoot, devices);
        var password = await RepositoryFiles.DevPasswordAsync(repoRoot);

        await using var app = await BenchApp.StartAsync(maxDevicesPerFleet: devices);
        Console.WriteLine($"App up at {app.BaseUrl} and {app.DeviceUrl} (pid {app.Pid}).");
        Console.WriteLine($"Enrolling {devices} devices, {FleetEnrollment.Concurrency} at a time: IDevID with attestation key, BRSKI, EST (untimed)...");
        using var securityApi = await ApiSession.SignInAsync(app.BaseUrl, "security", password, CancellationToken.None);
        var (credentials, enrollment) = await FleetEnrollment.EnrollAsync(app.DeviceUrl, securityApi, fleet, CancellationToken.None);
        var clients = new List<(string Serial, AttestClient Client)>();
        try
        {
            Console.WriteLine($"  enrolled in {enrollment.TotalSeconds:F1} s; reading UEIDs and class-ids, publishing reference values (untimed)...");
            var setup = Stopwatch.StartNew();
            var attesting = await AttestSetup.DescribeAsync(securityApi, fleet, credentials, CancellationToken.None);
            var imported = await AttestSetup.PublishReferenceValuesAsync(securityApi, attesting, CancellationToken.None);
            setup.Stop();
            clients.AddRange(attesting.Select(d => (d.Spec.Serial, new AttestClient(app.DeviceUrl, d))));
            var load = new AttestLoad(clients);

            var binding = await load.EachDeviceOnceAsync(concurrency);
            Console.WriteLine($"  {imported.Added} reference values imported; one session per device binds its key: {binding.Completes} complete, {binding.Errors} errors");
            if (binding.Completes != devices)
                throw new InvalidOperationException($"Only {binding.Completes} of {devices} devices completed their first session: "
                                                    + string.Join(", ", binding.ErrorsByKind.Select(e => $"{e.Key} {e.Value}")));
            SessionTally? warm = null;
            if (warmup > 0)
            {
                Console.WriteLine($"  warming up at concurrency {concurrency} for {warmup} s (untimed)...");
                warm = await load.RunAsync(concurrency, TimeSpan.FromSeconds(warmup));
            }

            var appraisalsBefore = await AttestResults.CountAppraisalsAsync(app.DatabasePath);
            Console.WriteLine($"  {appraisalsBefore} appraisals so far. Running sessions at concurrency {concurrency} for {seconds} s...");
            var loadBefore = Results.LoadAverage();
            var clock = Stopwatch.StartNew();
            var cpuBefore = new CpuTimes(app.CpuTime, Process.GetCurrentProcess().TotalProcessorTime, clock.Elapsed);
            var machineBefore = MachineCpu.Read();
            var tally = new SessionTally();
            var timed = load.RunAsync(concurrency, TimeSpan.FromSeconds(seconds), tally);
            while (await Task.WhenAny(timed, Task.Delay(TimeSpan.FromSeconds(5))) != timed)
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,4:F0} s  complete {tally.Completes,7}  errors {tally.Errors,5}");
            await timed;
            var cpu = new CpuTimes(app.CpuTime, Process.GetCurrentProcess().TotalProcessorTime, clock.Elapsed) - cpuBefore;
            var machine = MachineCpu.Read() - machineBefore;
            var loadAfter = Results.LoadAverage();

            var appraisals = await AttestResults.CountAppraisalsAsync(app.DatabasePath);
            var earCheck = await CheckEarsAsync(clients[0].Client.Http, tally);
            var results = new AttestResults(devices, concurrency, seconds, new AttestSetupTimes(enrollment, setup.Elapsed, imported.Added + imported.Unchanged, binding, warm),
                tally, appraisals, earCheck, app.PeakWorkingSetBytes, cpu, machine, loadBefore, loadAfter);
            results.Print();
            if (appraisals != results.ExpectedAppraisals || tally.Completes == 0) return 2;
            return tally.PerSecond >= TargetPerSecond ? 0 : 1;
        }
        finally
        {
            foreach (var (_, client) in clients) client.Dispose();
            foreach (var credential in credentials) credential.Dispose();
        }
    }

    /// <summary>
    /// Verifies the sample of EARs as a relying party would: signature by the key of the verifier's discovery document,
    /// the session's nonce, and the device's status as read unverified.
    /// </summary>
    private static async Task<string> CheckEarsAsync(HttpClient deviceListener, SessionTally tally)
    {
        using var discovery = JsonDocument.Parse(await deviceListener.GetStringAsync("/.well-known/veraison/verification"));
        var key = EarVerificationKey.FromJwk(discovery.RootElement.GetProperty("ear-verification-key").GetRawText());
        var (good, checkedCount) = (0, 0);
        foreach (var (serial, ear, nonce) in tally.Samples)
        {
            checkedCount++;
            var verification = await EarJwt.VerifyAsync(ear, key);
            if (verification.IsVerified && verification.Result.Nonce?.Span.SequenceEqual(nonce) == true
                && verification.Result.Submods.TryGetValue(serial, out var submod) && submod.Status == TrustTier.Affirming)
                good++;
        }
        return $"{good}/{checkedCount} verified with the discovery key (signature, nonce, affirming)";
    }
}
