using DeviceTrust.Application.Updates.Rollouts;

namespace DeviceTrust.Application.Updates.WhatIf;

/// <summary>
/// A what-if run's sandbox as the runner drives it: its own services over its own database (the host that builds them is
/// the web app's: it needs Infrastructure), its clock, the release copied into it and its virtual devices.
/// </summary>
public interface IWhatIfSandbox
{
    IServiceProvider Services { get; }
    WhatIfClock Clock { get; }
    WhatIfRelease Release { get; }
    WhatIfFleet Fleet { get; }
    RolloutQueries Queries { get; }
    RolloutOptions Rollouts { get; }
}
