using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DeviceTrust.Bench;

/// <summary>
/// The web app's Release build running as a child process on a fresh database in a temp folder. Disposing kills the
/// process tree and deletes the folder.
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

    private AppProcess(Process process, string tempDir, string url)
    {
        _process = process;
        _tempDir = tempDir;
        Url = url;
        _sampler = SampleWorkingSetAsync(_stop.Token);
        // Ctrl+C ends the driver without running DisposeAsync; the app must not outlive it.
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    public string Url { get; }
    public int Pid => _process.Id;
    public string DatabasePath => DatabaseFile(_tempDir);
    public long PeakWorkingSetBytes => Interlocked.Read(ref _peakWorkingSet);

    /// <summary>CPU time the app has used so far: less sensitive than rates to other work sharing the cores.</summary>
    public TimeSpan CpuTime => _process.TotalProcessorTime;

    public static async Task<AppProcess> StartAsync(string repoRoot, string fleetSecret, int maxDevicesPerFleet)
    {
        var webDir = Path.Combine(repoRoot, "src", "DeviceTrust.Web");
        var dll = Path.Combine(webDir, "bin", "Release", "net10.0", "DeviceTrust.Web.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the web app in Release first.");

        var tempDir = Directory.CreateTempSubdirectory("devicetrust-bench-").FullName;
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = webDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = url,
                ["ConnectionStrings__DeviceTrust"] = $"Data Source={DatabaseFile(tempDir)}",
                // The driver is the only device traffic; the hosted simulator would add its own.
                ["Simulator__Enabled"] = "false",
                ["Simulator__FleetSecret"] = fleetSecret,
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

        var app = new AppProcess(process, tempDir, url);
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
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before it was healthy.");
            try
            {
                using var response = await http.GetAsync($"{Url}/health");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet (migrating and seeding).
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"GET {Url}/health did not answer 200 within {StartTimeout.TotalSeconds} s.");
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

    /// <summary>Asks the OS for a free loopback port; another process could take it before the app binds, which is rare enough here.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
