using DeviceTrust.Domain.Updates;

namespace DeviceTrust.Application.Updates.WhatIf;

public enum WhatIfRunStatus
{
    /// <summary>Building the sandbox: its database, the copy, the virtual devices.</summary>
    Preparing,
    Running,
    /// <summary>The rollout ended (completed, or paused: a real one would wait for a person there).</summary>
    Finished,
    /// <summary>The simulated time limit passed with the rollout still running.</summary>
    TimedOut,
    Failed,
    Cancelled,
}

/// <summary>One wave at the end of the run.</summary>
public sealed record WhatIfWaveCounts(int Wave, int Total, int Verified, int Installed, int Failed, int Offered, int Pending);

/// <summary>Failed devices by the reason their rollout target gives.</summary>
public sealed record WhatIfFailureCount(string Reason, int Count);

/// <summary>How the replayed rollout ended: its status and why, each wave's counts, and why devices failed.</summary>
/// <param name="RefusedReports">Reports the sandbox's server refused: 0 unless the run itself is wrong.</param>
public sealed record WhatIfReport(RolloutStatus Outcome, string? Why, IReadOnlyList<WhatIfWaveCounts> Waves, IReadOnlyList<WhatIfFailureCount> Failures,
    int RefusedReports);

/// <summary>A what-if run as the API and the page show it.</summary>
public sealed record WhatIfRunSummary(Guid Id, WhatIfRunStatus Status, string RequestedBy, DateTimeOffset RequestedAt, Guid ReleaseId, int Devices,
    Guid? RolloutId, int Ticks, double SimulatedSeconds, double WallSeconds, string? Error, WhatIfReport? Report);
