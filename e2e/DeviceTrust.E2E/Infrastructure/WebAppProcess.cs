using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DeviceTrust.E2E.Infrastructure;

/// <summary>
/// The web app as a child process, started from the Web project's build output with a fresh SQLite database on a
/// free loopback port. The repository's Development settings seed the dev users and a fleet (kept small here) and run
/// the hosted simulator, whose devices connect back to that port.
/// </summary>
public sealed class WebAppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly DirectoryInfo _dataDirectory;

    private WebAppProcess(Process process, Uri baseUrl, Uri deviceUrl, DirectoryInfo dataDirectory)
    {
        _process = process;
        BaseUrl = baseUrl;
        DeviceUrl = deviceUrl;
        _dataDirectory = dataDirectory;
    }

    public Uri BaseUrl { get; }

    /// <summary>The device-facing HTTPS listener (BRSKI, EST, the hub for enrolled devices).</summary>
    public Uri DeviceUrl { get; }

    /// <summary>Everything the app wrote to stdout and stderr so far.</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public static async Task<WebAppProcess> StartAsync(CancellationToken cancellationToken)
    {
        var paths = RepositoryPaths.Locate();
        var port = FreeLoopbackPort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        var deviceUrl = new Uri($"https://127.0.0.1:{FreeLoopbackPort()}");
        var data = Directory.CreateTempSubdirectory("devicetrust-e2e-");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            // The content root, so static web assets and the shared repository settings resolve as under `dotnet run`.
            WorkingDirectory = paths.WebProjectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(paths.WebAssembly);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"{baseUrl.ToString().TrimEnd('/')};{deviceUrl.ToString().TrimEnd('/')}";
        start.Environment["Brski__RetryAfterSeconds"] = "1";
        start.Environment["ConnectionStrings__DeviceTrust"] = $"Data Source={Path.Combine(data.FullName, "e2e.db")}";
        start.Environment["Seed__MaxDevicesPerFleet"] = "3";
        start.Environment["Simulator__ServerUrl"] = deviceUrl.ToString().TrimEnd('/');
        start.Environment["Simulator__StateDirectory"] = Path.Combine(data.FullName, "simulator-state");
        start.Environment["Simulator__TelemetryIntervalSeconds"] = "0.5";
        start.Environment["Fleet__OfflineAfterSeconds"] = "5";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new WebAppProcess(process, baseUrl, deviceUrl, data);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        if (!process.Start()) throw new InvalidOperationException($"Could not start {start.FileName} {paths.WebAssembly}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await app.WaitUntilHealthyAsync(cancellationToken);
            await app.EnsureOkAsync("/_content/MudBlazor/MudBlazor.min.css", cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The web app exited with code {_process.ExitCode} before it was healthy. Its log:\n{Log}");
            try
            {
                using var response = await http.GetAsync("/health", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // This request timed out; the overall wait is bounded by StartTimeout.
            }

            // A child process offers nothing to subscribe to, so poll.
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        throw new TimeoutException($"GET /health did not answer 200 within {StartTimeout.TotalSeconds:0} s. The app's log:\n{Log}");
    }

    private async Task EnsureOkAsync(string path, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl };
        using var response = await http.GetAsync(path, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: static web assets do not resolve. The app's log:\n{Log}");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            _dataDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
