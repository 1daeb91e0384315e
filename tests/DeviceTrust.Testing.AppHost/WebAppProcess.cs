using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DeviceTrust.Testing.AppHost;

/// <summary>
/// The web app as a child process, started from its build output in Development (the repository's settings seed the
/// dev users and fleets) with a fresh SQLite database in a temp folder, a free loopback HTTP port (UI, API, sign-in) and
/// a free HTTPS port (the device listener: registrar, EST, device hub; the hosted simulator, when on, connects there).
/// Ready once <c>GET /health</c> answers 200 and static web assets resolve. Everything the app writes is kept in
/// <see cref="Log"/>. Disposing, or Ctrl+C, kills the process tree and deletes the folder.
/// </summary>
public sealed class WebAppProcess : IAsyncDisposable
{
    private const string StaticAsset = "/_content/MudBlazor/MudBlazor.min.css";
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(500);

    private readonly Process _process;
    private readonly DirectoryInfo _dataDirectory;
    private readonly StringBuilder _log = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _sampler = Task.CompletedTask;
    private long _peakWorkingSet;
    private bool _killed;

    private WebAppProcess(Process process, DirectoryInfo dataDirectory, Uri baseUrl, Uri deviceUrl)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        BaseUrl = baseUrl;
        DeviceUrl = deviceUrl;
    }

    /// <summary>The HTTP listener: UI, API, sign-in, health.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The device-facing HTTPS listener (BRSKI, EST, the hub for enrolled devices).</summary>
    public Uri DeviceUrl { get; }

    public string DatabasePath => DatabaseFile(_dataDirectory);

    /// <summary>The folder of the database and the simulator's state, for a restart over them.</summary>
    public DirectoryInfo DataDirectory => _dataDirectory;

    public int Pid => _process.Id;

    /// <summary>CPU time the app has used so far.</summary>
    public TimeSpan CpuTime => _process.TotalProcessorTime;

    /// <summary>The largest working set seen, sampled every 500 ms from the start.</summary>
    public long PeakWorkingSetBytes => Interlocked.Read(ref _peakWorkingSet);

    /// <summary>Everything the app wrote to stdout and stderr so far.</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public static async Task<WebAppProcess> StartAsync(WebAppOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = options.DataDirectory ?? Directory.CreateTempSubdirectory(options.TempFolderPrefix);
        var ports = FreeLoopbackPorts(2);
        var (baseUrl, deviceUrl) = (new Uri($"http://127.0.0.1:{ports[0]}"), new Uri($"https://127.0.0.1:{ports[1]}"));
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            // The content root, so static web assets and the shared repository settings resolve as under `dotnet run`.
            WorkingDirectory = options.Build.ProjectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(options.Build.Assembly);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"{Authority(baseUrl)};{Authority(deviceUrl)}";
        start.Environment["ConnectionStrings__DeviceTrust"] = $"Data Source={DatabaseFile(data)}";
        start.Environment["Simulator__ServerUrl"] = Authority(deviceUrl);
        start.Environment["Simulator__StateDirectory"] = Path.Combine(data.FullName, "simulator-state");
        foreach (var (key, value) in options.Settings) start.Environment[key] = value;

        var process = new Process { StartInfo = start };
        var app = new WebAppProcess(process, data, baseUrl, deviceUrl);
        process.OutputDataReceived += (_, e) => app.Append(e.Data, options.OnOutput);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data, options.OnOutput);
        try
        {
            if (!process.Start()) throw new InvalidOperationException($"Could not start {start.FileName} {options.Build.Assembly}.");
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            // Ctrl+C ends a bench driver without running DisposeAsync; the app must not outlive it.
            Console.CancelKeyPress += app.OnCancelKeyPress;
            app._sampler = app.SampleWorkingSetAsync(app._stop.Token);
            await app.WaitUntilReadyAsync(options.StartTimeout, cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static string Authority(Uri url) => url.GetLeftPart(UriPartial.Authority);

    private static string DatabaseFile(DirectoryInfo data) => Path.Combine(data.FullName, "devicetrust.db");

    private void Append(string? line, Action<string>? onOutput)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
        onOutput?.Invoke(line);
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The web app exited with code {_process.ExitCode} before it was healthy. Its log:\n{Log}");
            try
            {
                using var response = await http.GetAsync("/health", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    await EnsureOkAsync(http, StaticAsset, "static web assets do not resolve", cancellationToken);
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet (migrating, seeding, creating the domain PKI and the simulated manufacturers).
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // This request timed out; the overall wait is bounded by the timeout.
            }

            // A child process offers nothing to subscribe to, so poll.
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        throw new TimeoutException($"GET {BaseUrl}health did not answer 200 within {timeout.TotalSeconds:0} s. The app's log:\n{Log}");
    }

    private async Task EnsureOkAsync(HttpClient http, string path, string otherwise, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {otherwise}. The app's log:\n{Log}");
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
            // Stopped by DisposeAsync, or the app exited.
        }
    }

    /// <summary>
    /// Distinct free loopback ports (all listeners open at once); another process could take one before the app binds,
    /// which is rare enough here.
    /// </summary>
    private static int[] FreeLoopbackPorts(int count)
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

    /// <summary>
    /// Kills the app at once (SIGKILL: no shutdown, whatever it was doing), keeping its data folder for a restart over it
    /// (<see cref="WebAppOptions.DataDirectory"/>). The folder is then the restarted app's to delete.
    /// </summary>
    public async Task KillAsync()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        await _stop.CancelAsync();
        await _sampler;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _killed = true;
    }

    private void KillAndDelete()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        try
        {
            _dataDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        await _stop.CancelAsync();
        await _sampler;
        if (_killed)
        {
            // Killed for a restart: the data folder now belongs to the app started over it.
            _process.Dispose();
            _stop.Dispose();
            return;
        }
        KillAndDelete();
        _process.Dispose();
        _stop.Dispose();
    }
}
