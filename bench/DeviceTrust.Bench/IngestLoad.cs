using System.Diagnostics;
using System.Globalization;
using DeviceTrust.Simulator;
using DeviceTrust.Simulator.Seed;
using DeviceTrust.Simulator.Telemetry;
using Microsoft.AspNetCore.SignalR.Client;

namespace DeviceTrust.Bench;

/// <summary>What the paced loop sent; times are <see cref="Stopwatch"/> timestamps.</summary>
internal sealed record SendResult(long Sent, long Failed, long FirstSendAt, long LastSendAt)
{
    public double SentPerSecond => Sent / Math.Max(Stopwatch.GetElapsedTime(FirstSendAt, LastSendAt).TotalSeconds, 1e-3);
}

/// <summary>Real device connections to the hub, and a paced loop that spreads telemetry over them.</summary>
internal sealed class IngestLoad(IReadOnlyList<HubConnection> connections) : IAsyncDisposable
{
    /// <summary>The app seeds its devices from this secret and the driver derives the same per-device secrets.</summary>
    public const string FleetSecret = "bench-only fleet secret (loopback load driver)";

    private const int ConnectParallelism = 16;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);

    private long _sent;

    /// <summary>Messages sent so far, for progress lines while <see cref="SendAsync"/> runs.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>
    /// The first <paramref name="devices"/> in-service serials that the app seeds when it is capped at that many
    /// devices per fleet (it seeds numbers 1..cap of each fleet).
    /// </summary>
    public static async Task<IReadOnlyList<(string Serial, string Secret)>> ReadFleetAsync(string repoRoot, int devices)
    {
        var seed = await SeedFleetReader.ReadAsync(Path.Combine(repoRoot, "seed-data", SeedFleetReader.FileName));
        var fleet = seed
            .Where(d => int.Parse(d.Serial[(d.Serial.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture) <= devices)
            .Take(devices)
            .Select(d => (d.Serial, DeviceSecrets.Derive(FleetSecret, d.Serial)))
            .ToList();
        return fleet.Count == devices
            ? fleet
            : throw new InvalidOperationException($"The seed has {fleet.Count} in-service devices; --devices {devices} is too many.");
    }

    public static async Task<IngestLoad> ConnectAsync(string url, IReadOnlyList<(string Serial, string Secret)> fleet)
    {
        var connections = fleet.Select(d => new HubConnectionBuilder()
                .WithUrl($"{url}/hubs/devices", o =>
                {
                    o.Headers["X-Device-Serial"] = d.Serial;
                    o.Headers["Authorization"] = "Device " + d.Secret;
                })
                .Build())
            .ToList();
        var load = new IngestLoad(connections);
        try
        {
            await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = ConnectParallelism },
                async (c, ct) => await c.StartAsync(ct));
            return load;
        }
        catch
        {
            await load.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Sends rate × seconds messages round-robin over the devices, each tick catching up to where the clock says the
    /// count should be. Stops at that count or when the time is up, whichever is first, so a driver that cannot keep
    /// the pace shows a lower send rate instead of running on.
    /// </summary>
    public async Task<SendResult> SendAsync(int rate, int seconds)
    {
        var total = (long)rate * seconds;
        var duration = TimeSpan.FromSeconds(seconds);
        long failed = 0, issued = 0;
        var start = Stopwatch.GetTimestamp();
        var last = start;
        var sends = new List<Task<bool>>();
        while (issued < total && Stopwatch.GetElapsedTime(start) < duration)
        {
            var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate) + 1);
            for (; issued < due; issued++) sends.Add(TrySendAsync(connections[(int)(issued % connections.Count)], start));

            // Awaiting each tick's sends keeps the number in flight bounded by what one tick is due.
            foreach (var ok in await Task.WhenAll(sends))
            {
                if (ok) Interlocked.Increment(ref _sent);
                else failed++;
            }

            sends.Clear();
            last = Stopwatch.GetTimestamp();
            await Task.Delay(Tick);
        }

        return new SendResult(Sent, failed, start, last);
    }

    private static async Task<bool> TrySendAsync(HubConnection connection, long start)
    {
        var uptime = (long)Stopwatch.GetElapsedTime(start).TotalSeconds;
        var reading = new TelemetryReport(uptime, 21.5 + uptime % 10, 80, -70, DateTimeOffset.UtcNow);
        try
        {
            await connection.SendAsync("ReportTelemetry", reading);
            return true;
        }
        catch (Exception)
        {
            // Whatever the transport threw (connection closed or broken), the message was not sent: counted as failed.
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(connections, async (c, _) => await c.DisposeAsync());
    }
}
