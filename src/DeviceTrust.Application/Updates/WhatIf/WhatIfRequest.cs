using DeviceTrust.Application.Common;
using DeviceTrust.Application.Updates.Rollouts;
using DeviceTrust.Domain.Updates;

namespace DeviceTrust.Application.Updates.WhatIf;

/// <summary>
/// How the virtual devices of the release's class behave, as shares 0-1 (the simulator's update faults). The first four are
/// exclusive outcomes of one offer (their sum is at most 1); <see cref="ContraindicatedAfterInstall"/> applies to the
/// devices that installed.
/// </summary>
/// <param name="InstallFailure">The install fails (operation-failed at install).</param>
/// <param name="CorruptDownload">The image fetched does not match its digest (condition-failed at install).</param>
/// <param name="OfflineMidUpdate">The device goes offline after fetching the envelope: no report.</param>
/// <param name="RefusesAsRollback">The device believes it runs a higher sequence number and refuses the manifest.</param>
/// <param name="ContraindicatedAfterInstall">Installed, but attests contraindicated.</param>
public sealed record WhatIfFaults(double InstallFailure = 0, double CorruptDownload = 0, double OfflineMidUpdate = 0, double RefusesAsRollback = 0,
    double ContraindicatedAfterInstall = 0)
{
    public static WhatIfFaults None { get; } = new();

    public double Exclusive => InstallFailure + CorruptDownload + OfflineMidUpdate + RefusesAsRollback;
}

/// <summary>A planned rollout to replay on a simulated fleet: the wizard's release, group, waves and gate, a fleet size and its faults.</summary>
/// <param name="Devices">Virtual devices of the release's class; null: as many as the class (or group) has for real.</param>
public sealed record WhatIfRequest(Guid ReleaseId, Guid? GroupId, int? Devices, IReadOnlyList<WavePlan> Waves, int? AttestationGatePercent = null,
    WhatIfFaults? Faults = null)
{
    public const int MaxDevices = 20_000;

    /// <summary>Checks what needs no database; the release and group are checked against the real one by <see cref="WhatIfRuns"/>.</summary>
    /// <exception cref="RequestValidationException">The first problem found.</exception>
    public void Validate()
    {
        if (ReleaseId == Guid.Empty) throw RequestValidationException.For("releaseId", "Choose a release.");
        if (Devices is < 1 or > MaxDevices) throw RequestValidationException.For("devices", $"A what-if run simulates 1-{MaxDevices} devices.");
        Rollouts.RolloutPlanner.Validate(Waves);
        if (AttestationGatePercent is < 1 or > 100) throw RequestValidationException.For("attestationGatePercent", "The attestation gate is 1-100%.");
        var faults = Faults ?? WhatIfFaults.None;
        double[] rates = [faults.InstallFailure, faults.CorruptDownload, faults.OfflineMidUpdate, faults.RefusesAsRollback, faults.ContraindicatedAfterInstall];
        if (rates.Any(r => double.IsNaN(r) || r is < 0 or > 1)) throw RequestValidationException.For("faults", "Fault rates are shares from 0 to 1.");
        if (faults.Exclusive > 1 + 1e-9)
            throw RequestValidationException.For("faults", "Install failure, corrupt download, offline and rollback are outcomes of one offer: together at most 1.");
    }
}
