using System.Collections.Concurrent;
using System.Diagnostics;

namespace DeviceTrust.Bench;

/// <summary>What a phase of sessions gave: completes by verdict, errors by where and status, latencies of the completes.</summary>
internal sealed class SessionTally
{
    /// <summary>EARs kept for verification with the discovery key.</summary>
    public const int SampleSize = 20;

    private readonly ConcurrentDictionary<string, long> _verdicts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly List<TimeSpan> _latencies = [];
    private readonly ConcurrentQueue<(string Serial, string Ear, byte[] Nonce)> _samples = new();
    private long _completes;

    public long Completes => Interlocked.Read(ref _completes);

    public long Errors => _errors.Values.Sum();

    public IReadOnlyDictionary<string, long> Verdicts => _verdicts;

    public IReadOnlyDictionary<string, long> ErrorsByKind => _errors;

    public IReadOnlyCollection<(string Serial, string Ear, byte[] Nonce)> Samples => _samples;

    /// <summary>From the first session's start to the last one's end.</summary>
    public TimeSpan Elapsed { get; set; }

    public double PerSecond => Completes / Math.Max(Elapsed.TotalSeconds, 1e-3);

    public void Add(string serial, SessionOutcome outcome, List<TimeSpan> latencies)
    {
        if (outcome.Verdict is { } verdict)
        {
            Interlocked.Increment(ref _completes);
            _verdicts.AddOrUpdate(verdict, 1, (_, n) => n + 1);
            latencies.Add(outcome.Elapsed);
            if (_samples.Count < SampleSize) _samples.Enqueue((serial, outcome.Ear!, outcome.Nonce!));
        }
        else
        {
            _errors.AddOrUpdate(outcome.Error!, 1, (_, n) => n + 1);
        }
    }

    public void Merge(List<TimeSpan> latencies)
    {
        lock (_latencies) _latencies.AddRange(latencies);
    }

    /// <summary>Nearest-rank percentile of the completes' latencies.</summary>
    public TimeSpan Percentile(double p)
    {
        lock (_latencies)
        {
            if (_latencies.Count == 0) return TimeSpan.Zero;
            _latencies.Sort();
            return _latencies[Math.Clamp((int)Math.Ceiling(p / 100 * _latencies.Count) - 1, 0, _latencies.Count - 1)];
        }
    }
}

/// <summary>Workers that each run one whole session after another, spreading them over the devices round-robin.</summary>
internal sealed class AttestLoad(IReadOnlyList<(string Serial, AttestClient Client)> devices)
{
    private long _next = -1;

    /// <summary>
    /// One session per device, <paramref name="concurrency"/> at a time: the first evidence with an endorsed key binds it
    /// to the device (and takes an Enrolled device into service), which later sessions then find by its kid.
    /// </summary>
    public async Task<SessionTally> EachDeviceOnceAsync(int concurrency)
    {
        var tally = new SessionTally();
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(devices, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (device, ct) =>
        {
            var latencies = new List<TimeSpan>(1);
            tally.Add(device.Serial, await device.Client.RunSessionAsync(ct), latencies);
            tally.Merge(latencies);
        });
        tally.Elapsed = Stopwatch.GetElapsedTime(started);
        return tally;
    }

    /// <summary>
    /// <paramref name="concurrency"/> workers start sessions until <paramref name="duration"/> has passed; sessions under
    /// way then finish and count, and the phase lasts until the last one ends.
    /// </summary>
    public async Task<SessionTally> RunAsync(int concurrency, TimeSpan duration, SessionTally? tally = null)
    {
        tally ??= new SessionTally();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<TimeSpan>(4096);
            while (Stopwatch.GetElapsedTime(started) < duration)
            {
                var device = devices[(int)(Interlocked.Increment(ref _next) % devices.Count)];
                tally.Add(device.Serial, await device.Client.RunSessionAsync(CancellationToken.None), latencies);
            }
            tally.Merge(latencies);
        })));
        tally.Elapsed = Stopwatch.GetElapsedTime(started);
        return tally;
    }
}
