using System.ComponentModel.DataAnnotations;

namespace DeviceTrust.Application.Updates.WhatIf;

/// <summary>Section "WhatIf": how what-if runs pace their simulated clock and how many the server keeps.</summary>
public sealed class WhatIfOptions
{
    public const string Section = "WhatIf";

    /// <summary>
    /// After a tick that changed nothing, with no device due to act before then, the clock jumps up to this many simulated
    /// seconds instead of one tick (waiting out a report timeout takes a few steps, not hundreds of ticks). The sandbox's
    /// conductor otherwise runs with the server's own Rollouts settings.
    /// </summary>
    [Range(0, 600)] public double IdleStepSeconds { get; set; } = 30;

    /// <summary>A run still going after this much simulated time stops (timed out).</summary>
    [Range(1, 24 * 30)] public double MaxSimulatedHours { get; set; } = 24;

    /// <summary>Finished runs kept in memory, with their sandboxes, for the page and the API; older ones are disposed.</summary>
    [Range(1, 50)] public int KeepRuns { get; set; } = 5;
}
