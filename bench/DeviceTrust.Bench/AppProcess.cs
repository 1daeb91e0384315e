using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DeviceTrust.Bench;

/// <summary>
/// The web app's Release build running as a child process on a fresh database in a temp folder, listening on a free
/// HTTP port (API, sign-in) and a free HTTPS port (the device listener: registrar, EST, device hub). Disposing kills
/// the process tree and deletes the folder.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(500);

    private readonly Process _process;
    private readonly string _tempDir;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _peakWorkingSet;

    private AppProcess(Process process, string tempDir, Uri http, Uri https)
    {
        _process = process;
        _tempDir = tempDir;
        Http = http;
        Https = https;
        _sampler = SampleWorkingSetAsync(_stop.Token);
        // Ctrl+C ends the driver without running DisposeAsync; the app must not outlive it.
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    public Uri Http { get; }
    public Uri Https { get; }
    public int Pid => _process.Id;
    public string DatabasePath => DatabaseFile(_tempDir);
    public long PeakWorkingSetBytes => Interlocked.Read(ref _peakWorkingSet);

    /// <summary>CPU time the app has used so far: less sensitive than rates to other work sharing the cores.</summary>
    public TimeSpan CpuTime => _process.TotalProcessorTime;

    public static async Task<AppProcess> StartAsync(string repoRoot, int maxDevicesPerFleet)
    {
        var webDir = Path.Combine(repoRoot, "src", "DeviceTrust.Web");
        var dll = Path.Combine(webDir, "bin", "Release", "net10.0", "DeviceTrust.Web.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the web app in Release first.");

        var tempDir = Directory.CreateTempSubdirectory("devicetrust-bench-").FullName;
        var ports = FreePorts(2);
        var (http, https) = (new Uri($"http://127.0.0.1:{ports[0]}"), new Uri($"https://127.0.0.1:{ports[1]}"));
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = webDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = $"{http.GetLeftPart(UriPartial.Authority)};{https.GetLeftPart(UriPartial.Authority)}",
                ["ConnectionStrings__DeviceTrust"] = $"Data Source={DatabaseFile(tempDir)}",
                // The drivers are the only device traffic; the hosted simulator would add its own.
                ["Simulator__Enabled"] = "false",
                ["Seed__MaxDevicesPerFleet"] = maxDevicesPerFleet.ToString(CultureInfo.InvariantCulture),
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        // Forwarded so warnings and errors of the ingest path show beside the figures.
        DataReceivedEventHandler forward = (_, e) => { if (e.Data is not null) Console.WriteLine($"  app| {e.Data}"); };
        process.OutputDataReceived += forward;
        process.ErrorDataReceived += forward;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var app = new AppProcess(process, tempDir, http, https);
        try
        {
            await app.WaitForHealthAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private async Task WaitForHealthAsync()
    {
        using var http = new HttpClient { BaseAddress = Http, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before it was healthy.");
            try
            {
                using var response = await http.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet (migrating, seeding, creating the domain PKI and the simulated manufacturers).
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"GET {Http}health did not answer 200 within {StartTimeout.TotalSeconds} s.");
    }

    private async Task SampleWorkingSetAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SampleInterval);
        try
        {
            do
            {
                _process.Refresh();
                // Only this loop writes the peak; readers go through Interlocked.Read.
                Interlocked.Exchange(ref _peakWorkingSet, Math.Max(_peakWorkingSet, _process.WorkingSet64));
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            // Stopped by DisposeAsync, or the app exited, which the run shows as failed sends.
        }
    }

    private static string DatabaseFile(string tempDir) => Path.Combine(tempDir, "bench.db");

    /// <summary>
    /// Asks the OS for distinct free loopback ports (all listeners open at once); another process could take one before
    /// the app binds, which is rare enough here.
    /// </summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e) => KillAndDelete();

    private void KillAndDelete()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        Directory.Delete(_tempDir, recursive: true);
    }

    public async ValueTask DisposeAsync()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        await _stop.CancelAsync();
        await _sampler;
        KillAndDelete();
        _process.Dispose();
        _stop.Dispose();
    }
}
