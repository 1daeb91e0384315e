using System.ComponentModel.DataAnnotations;

namespace DeviceTrust.Infrastructure.Fleet;

/// <summary>Section "Fleet".</summary>
public sealed class FleetOptions
{
    public const string Section = "Fleet";

    /// <summary>A device that has sent nothing for this long is shown offline.</summary>
    [Range(1, 86_400)]
    public int OfflineAfterSeconds { get; set; } = 15;

    /// <summary>The most reports written in one transaction.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 2_000;

    /// <summary>How long the writer waits to fill a batch once it holds a report.</summary>
    [Range(1, 10_000)]
    public int BatchWindowMilliseconds { get; set; } = 100;
}
