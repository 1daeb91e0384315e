using System.Diagnostics;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Provisioning;
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
    private const int ConnectParallelism = 16;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);

    private long _sent;

    /// <summary>Messages sent so far, for progress lines while <see cref="SendAsync"/> runs.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>
    /// One hub connection per enrolled device on the device listener, as a simulated device makes it: its LDevID as TLS
    /// client certificate, the server's certificate checked against the domain certificate its voucher pinned.
    /// </summary>
    public static async Task<IngestLoad> ConnectAsync(Uri deviceListener, IReadOnlyList<DeviceCredential> devices)
    {
        var hub = new Uri(deviceListener, "/hubs/devices");
        var connections = devices.Select(device => Connection(hub, device)).ToList();
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

    private static HubConnection Connection(Uri hub, DeviceCredential device)
    {
        var serverTrust = ServerCertificatePolicy.PinnedTo(device.DomainTrustAnchor, TimeProvider.System);
        return new HubConnectionBuilder()
            .WithUrl(hub, o =>
            {
                // Client authentication on the negotiate request and on the WebSocket alike.
                o.ClientCertificates = [device.Ldevid.TlsCertificate];
                o.HttpMessageHandlerFactory = handler =>
                {
                    if (handler is HttpClientHandler http)
                        http.ServerCertificateCustomValidationCallback = (_, certificate, chain, errors) => serverTrust.Validate(certificate, chain, errors);
                    return handler;
                };
                o.WebSocketConfiguration = webSocket =>
                {
                    webSocket.ClientCertificates = [device.Ldevid.TlsCertificate];
                    webSocket.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => serverTrust.Validate(certificate, chain, errors);
                };
            })
            .Build();
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
