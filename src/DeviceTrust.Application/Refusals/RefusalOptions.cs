using System.ComponentModel.DataAnnotations;

namespace DeviceTrust.Application.Refusals;

/// <summary>How much the refusal store and its recorder may hold ("Refusals" section).</summary>
public sealed class RefusalOptions
{
    public const string Section = "Refusals";

    /// <summary>Rows kept at most; beyond it the rows seen least recently are deleted (a flood of new sources cannot grow the table).</summary>
    [Range(10, 10_000_000)]
    public int MaxRows { get; set; } = 10_000;

    /// <summary>How long the recorder coalesces identical refusals in memory before it writes them (one write per key per window).</summary>
    [Range(10, 60_000)]
    public int FlushIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Refusals waiting for the recorder at most; beyond it the oldest are dropped and counted (devicetrust.refusals.dropped).</summary>
    [Range(100, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Distinct keys one write holds at most: a window with more is written early, so memory stays bounded.</summary>
    [Range(1, 100_000)]
    public int MaxKeysPerWrite { get; set; } = 500;
}
