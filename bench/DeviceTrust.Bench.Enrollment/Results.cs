namespace DeviceTrust.Bench.Enrollment;

/// <summary>CPU time used by the app (null when it runs elsewhere) and by the driver, over the timed part.</summary>
internal readonly record struct CpuTimes(TimeSpan? App, TimeSpan Driver);

/// <summary>The figures of one run.</summary>
internal sealed record Results(
    int Concurrency, int Warmup, IReadOnlyList<EnrollmentOutcome> Outcomes, TimeSpan Elapsed, TimeSpan Setup, long? PeakWorkingSetBytes,
    CpuTimes Cpu, string LoadBefore, string LoadAfter)
{
    private const int FailuresShown = 5;

    public int Failed => Outcomes.Count(o => !o.Succeeded);

    private int Succeeded => Outcomes.Count - Failed;

    /// <summary>Complete enrollments over the wall-clock time from the first pledge's start to the last one's end.</summary>
    private double PerSecond => Succeeded / Math.Max(Elapsed.TotalSeconds, 1e-3);

    /// <summary>
    /// The 1/5/15-minute load averages: other work on the machine competes for the same 2 cores, and a figure read
    /// without them can mislead.
    /// </summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public void Print()
    {
        var total = Sorted(o => o.Latency);
        var voucher = Sorted(o => o.VoucherPhase);
        var est = Sorted(o => o.Latency - o.VoucherPhase);
        var rows = new List<(string Name, string Value)>
        {
            ("pledges", $"{Outcomes.Count} ({PledgeSetup.DeviceClass}, {PledgeSetup.Manufacturer}), concurrency {Concurrency}, after {Warmup} warm-up"),
            ("setup (untimed)", $"registered + minted in {Setup.TotalSeconds:F1} s"),
            ("enrolled", $"{Succeeded} in {Elapsed.TotalSeconds:F1} s = {PerSecond:F1}/s"),
            ("latency p50/p95/p99", $"{Percentiles(total)} (max {Max(total)})"),
            ("  voucher part", $"{Percentiles(voucher)}   (to voucher_status: TLS, voucher-request, MASA)"),
            ("  EST part", $"{Percentiles(est)}   (cacerts, simpleenroll, enrollstatus)"),
            ("failed", $"{Failed}"),
            ("app peak working set", PeakWorkingSetBytes is { } bytes ? $"{bytes / (1024 * 1024)} MB" : "n/a (app not started by the driver)"),
            ("app CPU", Cpu.App is { } app ? Cores(app) : "n/a"),
            ("driver CPU", Cores(Cpu.Driver)),
            ("load avg before/after", $"{LoadBefore} / {LoadAfter}"),
        };
        Console.WriteLine();
        foreach (var (name, value) in rows) Console.WriteLine($"  {name,-23}{value}");
        foreach (var failure in Outcomes.Where(o => !o.Succeeded).Take(FailuresShown)) Console.WriteLine($"  failure: {failure.Failure}");
        Console.WriteLine();
        Console.WriteLine(
            $"enrollment: {Succeeded}/{Outcomes.Count} enrolled at concurrency {Concurrency} (warm-up {Warmup}) in {Elapsed.TotalSeconds:F1} s = {PerSecond:F1}/s, "
            + $"p50/p95/p99 {Percentiles(total)}, {Failed} failed, app peak working set "
            + (PeakWorkingSetBytes is { } peak ? $"{peak / (1024 * 1024)} MB" : "n/a")
            + $", CPU per enrollment app {(Cpu.App is { } appCpu ? $"{appCpu.TotalMilliseconds / Math.Max(Succeeded, 1):F1} ms" : "n/a")}"
            + $" + driver {Cpu.Driver.TotalMilliseconds / Math.Max(Succeeded, 1):F1} ms");
    }

    /// <summary>Latencies of the successful enrollments only: a failure's time says little about an enrollment's.</summary>
    private List<TimeSpan> Sorted(Func<EnrollmentOutcome, TimeSpan> select) =>
        Outcomes.Where(o => o.Succeeded).Select(select).Order().ToList();

    private static string Percentiles(List<TimeSpan> sorted) =>
        sorted.Count == 0 ? "n/a" : $"{Ms(Percentile(sorted, 0.50))} / {Ms(Percentile(sorted, 0.95))} / {Ms(Percentile(sorted, 0.99))} ms";

    private static string Max(List<TimeSpan> sorted) => sorted.Count == 0 ? "n/a" : $"{Ms(sorted[^1])} ms";

    /// <summary>Nearest rank: the smallest value with at least <paramref name="p"/> of the values at or below it.</summary>
    private static TimeSpan Percentile(List<TimeSpan> sorted, double p) => sorted[Math.Max((int)Math.Ceiling(p * sorted.Count) - 1, 0)];

    private static string Ms(TimeSpan value) => $"{value.TotalMilliseconds:F0}";

    /// <summary>CPU time over the timed part, as cores and as milliseconds per enrollment (what the machine can afford).</summary>
    private string Cores(TimeSpan cpu) =>
        $"{cpu.TotalSeconds:F1} s in {Elapsed.TotalSeconds:F1} s = {cpu / Elapsed:F2} cores, {cpu.TotalMilliseconds / Math.Max(Succeeded, 1):F1} ms per enrollment";
}
