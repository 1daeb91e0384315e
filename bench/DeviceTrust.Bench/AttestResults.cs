using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DeviceTrust.Bench;

/// <summary>The untimed steps before the load, reported beside it.</summary>
internal sealed record AttestSetupTimes(TimeSpan Enrollment, TimeSpan Setup, int ReferenceValues, SessionTally Binding, SessionTally? WarmUp);

/// <summary>The figures of one attest run.</summary>
internal sealed record AttestResults(
    int Devices, int Concurrency, int Seconds, AttestSetupTimes Setup, SessionTally Timed, long Appraisals, string EarCheck,
    long PeakWorkingSetBytes, CpuTimes Cpu, MachineCpu Machine, string LoadBefore, string LoadAfter)
{
    /// <summary>Every complete session, the untimed ones included, leaves exactly one appraisal in the history.</summary>
    public long ExpectedAppraisals => Setup.Binding.Completes + (Setup.WarmUp?.Completes ?? 0) + Timed.Completes;

    private long Megabytes => PeakWorkingSetBytes / (1024 * 1024);

    private string Cores(TimeSpan cpu) =>
        $"{cpu.TotalSeconds:F1} s in {Cpu.Wall.TotalSeconds:F1} s = {cpu / Cpu.Wall:F2} cores, {cpu.TotalMilliseconds / Math.Max(Timed.Completes, 1):F2} ms per session";

    private static string Counts(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value}"));

    private static string Phase(SessionTally tally) =>
        $"{tally.Completes} complete in {tally.Elapsed.TotalSeconds:F1} s ({Counts(tally.Verdicts)}; errors: {Counts(tally.ErrorsByKind)})";

    private string Latency => $"{Ms(Timed.Percentile(50))} / {Ms(Timed.Percentile(95))} / {Ms(Timed.Percentile(99))} ms (max {Ms(Timed.Percentile(100))})";

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture);

    public void Print()
    {
        var rows = new (string Name, string Value)[]
        {
            ("devices", $"{Devices}"),
            ("enrolled (untimed)", $"in {Setup.Enrollment.TotalSeconds:F1} s (IDevID with attestation key, BRSKI, EST; {FleetEnrollment.Concurrency} at a time)"),
            ("setup (untimed)", $"in {Setup.Setup.TotalSeconds:F1} s (UEIDs and class-ids read; {Setup.ReferenceValues} reference values imported)"),
            ("keys bound (untimed)", Phase(Setup.Binding)),
            ("warm-up (untimed)", Setup.WarmUp is { } warm ? Phase(warm) : "none"),
            ("timed", $"{Concurrency} workers for {Seconds} s"),
            ("complete sessions", $"{Timed.Completes} in {Timed.Elapsed.TotalSeconds:F1} s = {Timed.PerSecond:F0}/s"),
            ("verdicts", Counts(Timed.Verdicts)),
            ("errors", Counts(Timed.ErrorsByKind)),
            ("latency p50/p95/p99", Latency),
            ("appraisals persisted", $"{Appraisals} (expected {ExpectedAppraisals}: {(Appraisals == ExpectedAppraisals ? "equal" : "DIFFERENT")})"),
            ("EAR sample", EarCheck),
            ("app peak working set", $"{Megabytes} MB"),
            ("app CPU", Cores(Cpu.App)),
            ("driver CPU", Cores(Cpu.Driver)),
            ("machine CPU", Machine.Describe(Cpu.Wall, Cpu.App + Cpu.Driver)),
            ("load avg before/after", $"{LoadBefore} / {LoadAfter}"),
        };
        Console.WriteLine();
        foreach (var (name, value) in rows) Console.WriteLine($"  {name,-23}{value}");
        Console.WriteLine();
        Console.WriteLine($"attest: {Timed.Completes} complete sessions at concurrency {Concurrency} over {Devices} devices = {Timed.PerSecond:F0}/s, "
                          + $"p50/p95/p99 {Latency}, {Timed.Errors} errors, {Appraisals} appraisals persisted, CPU per session app "
                          + $"{Cpu.App.TotalMilliseconds / Math.Max(Timed.Completes, 1):F2} ms + driver {Cpu.Driver.TotalMilliseconds / Math.Max(Timed.Completes, 1):F2} ms, "
                          + $"load {LoadBefore.Split(' ')[0]}");
    }

    /// <summary><c>SELECT COUNT(*) FROM AttestationAppraisals</c>, read-only and unpooled, as <see cref="PersistedCount"/> reads the telemetry.</summary>
    public static async Task<long> CountAppraisalsAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM AttestationAppraisals";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
