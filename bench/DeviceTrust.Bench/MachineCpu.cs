using System.Globalization;

namespace DeviceTrust.Bench;

/// <summary>
/// The whole machine's CPU time from the first line of /proc/stat (all cores; USER_HZ ticks, 100 a second): busy (user,
/// nice, system, irq, softirq), idle (idle, iowait) and steal (taken by the hypervisor for other guests). Beside the app's
/// and the driver's own CPU it tells a run that waits on itself (idle left over) from one that shares the cores with
/// other work or a busy host.
/// </summary>
internal readonly record struct MachineCpu(long Busy, long Idle, long Steal)
{
    private const double TicksPerSecond = 100;

    public static MachineCpu Read()
    {
        if (!File.Exists("/proc/stat")) return default;
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        long Field(int i) => i < fields.Length ? fields[i] : 0;
        return new MachineCpu(Field(0) + Field(1) + Field(2) + Field(5) + Field(6), Field(3) + Field(4), Field(7));
    }

    public static MachineCpu operator -(MachineCpu a, MachineCpu b) => new(a.Busy - b.Busy, a.Idle - b.Idle, a.Steal - b.Steal);

    /// <summary>Cores busy, idle and stolen on average over <paramref name="wall"/>, and what app and driver leave of the busy part.</summary>
    public string Describe(TimeSpan wall, TimeSpan appAndDriver)
    {
        if (Busy + Idle + Steal == 0) return "n/a";
        double Cores(long ticks) => ticks / TicksPerSecond / wall.TotalSeconds;
        var others = Math.Max(0, Cores(Busy) - appAndDriver / wall);
        return $"busy {Cores(Busy):F2} cores (other processes {others:F2}), idle {Cores(Idle):F2}, steal {Cores(Steal):F2}";
    }
}
