using System.Diagnostics;

namespace DeviceTrust.Bench;

/// <summary>CPU time used by the app and by the driver, and the wall-clock time it was used in.</summary>
internal readonly record struct CpuTimes(TimeSpan App, TimeSpan Driver, TimeSpan Wall)
{
    public static CpuTimes operator -(CpuTimes a, CpuTimes b) => new(a.App - b.App, a.Driver - b.Driver, a.Wall - b.Wall);
}

/// <summary>
/// The figures of one run. <paramref name="Enrollment"/> and <paramref name="Connect"/> came before the measured part and
/// are reported beside it. <paramref name="LastIncreaseAt"/> is a <see cref="Stopwatch"/> timestamp.
/// </summary>
internal sealed record Results(
    int Devices, int TargetRate, int Seconds, TimeSpan Enrollment, TimeSpan Connect, SendResult Send, long Persisted, long LastIncreaseAt,
    long PeakWorkingSetBytes, CpuTimes Cpu, string LoadBefore, string LoadAfter)
{
    /// <summary>From the first send to the last time the row count grew: the writer's throughput, backlog included.</summary>
    private TimeSpan PersistSpan => Persisted == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(Send.FirstSendAt, LastIncreaseAt);

    public double PersistedPerSecond => Persisted == 0 ? 0 : Persisted / Math.Max(PersistSpan.TotalSeconds, 1e-3);

    public long Lost => Send.Sent - Persisted;

    private long Megabytes => PeakWorkingSetBytes / (1024 * 1024);

    /// <summary>App and driver together well below 2 cores while a backlog waits means other work took the rest.</summary>
    private string Cores(TimeSpan cpu) => $"{cpu.TotalSeconds:F1} s in {Cpu.Wall.TotalSeconds:F1} s = {cpu / Cpu.Wall:F2} cores";

    /// <summary>
    /// The 1/5/15-minute load averages: other work on the machine competes for the same 2 cores, and a figure read
    /// without them can mislead.
    /// </summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public void Print()
    {
        var sendSpan = Stopwatch.GetElapsedTime(Send.FirstSendAt, Send.LastSendAt);
        var drain = Persisted == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(Send.LastSendAt, LastIncreaseAt);
        var rows = new (string Name, string Value)[]
        {
            ("devices", $"{Devices}"),
            ("enrolled (untimed)", $"in {Enrollment.TotalSeconds:F1} s = {Devices / Math.Max(Enrollment.TotalSeconds, 1e-3):F1}/s "
                + $"(IDevID, BRSKI, EST; {FleetEnrollment.Concurrency} at a time)"),
            ("connected (untimed)", $"in {Connect.TotalSeconds:F1} s (TLS with the LDevID)"),
            ("target", $"{TargetRate}/s for {Seconds} s"),
            ("sent", $"{Send.Sent} in {sendSpan.TotalSeconds:F1} s = {Send.SentPerSecond:F0}/s ({Send.Failed} failed)"),
            ("persisted", $"{Persisted} in {PersistSpan.TotalSeconds:F1} s = {PersistedPerSecond:F0}/s"),
            ("last row after send", $"{drain.TotalSeconds:F1} s"),
            ("lost", $"{Lost}"),
            ("app peak working set", $"{Megabytes} MB"),
            ("app CPU", Cores(Cpu.App)),
            ("driver CPU", Cores(Cpu.Driver)),
            ("load avg before/after", $"{LoadBefore} / {LoadAfter}"),
        };
        Console.WriteLine();
        foreach (var (name, value) in rows) Console.WriteLine($"  {name,-23}{value}");
        Console.WriteLine();
        Console.WriteLine(
            $"ingest: sent {Send.Sent} ({Send.SentPerSecond:F0}/s), persisted {Persisted} ({PersistedPerSecond:F0}/s), lost {Lost}, app peak working set {Megabytes} MB");
    }
}
