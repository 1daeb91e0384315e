namespace DeviceTrust.Domain.Updates;

/// <summary>Where one wave stands: counts of its devices by outcome (excluded and cancelled ones left out).</summary>
public sealed record WaveProgress(int Total, int Pending, int Offered, int Installed, int Verified, int Failed)
{
    public static WaveProgress Empty { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>Devices that installed the release (reported success), attested since or not.</summary>
    public int Updated => Installed + Verified;

    public int InFlight => Pending + Offered + Installed;

    public double SuccessPercent => Total == 0 ? 100 : Updated * 100.0 / Total;

    public double ErrorPercent => Total == 0 ? 0 : Failed * 100.0 / Total;

    /// <summary>Of the updated devices, the share that attested affirming on the release.</summary>
    public double AttestedPercent => Updated == 0 ? 0 : Verified * 100.0 / Updated;
}

/// <summary>What the conductor does about a running rollout's current wave.</summary>
public enum WaveVerdict
{
    /// <summary>Keep offering and waiting.</summary>
    Continue,
    /// <summary>The error threshold is crossed: pause.</summary>
    PauseOnErrors,
    /// <summary>The success threshold (and gate) is met and the wave waits for a person's check, or the wave finished below
    /// them: pause.</summary>
    PauseForCheck,
    /// <summary>Start the next wave (or complete, after the last).</summary>
    Advance,
}

/// <summary>
/// The rules that move a running rollout on, in one place: errors first (a wave that crosses its error threshold pauses,
/// whatever else holds), then success (its threshold of updated devices, and the attestation gate's share of those that
/// attested affirming). The last wave completes only when none of its devices is still in flight; a wave that finished
/// below its thresholds without crossing the error threshold pauses for a person.
/// </summary>
public static class WaveRules
{
    public static (WaveVerdict Verdict, string Why) Judge(Rollout rollout, WaveProgress wave)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(wave);
        var rules = rollout.Waves[rollout.CurrentWave];
        var name = $"wave {rollout.CurrentWave + 1}";
        if (wave.Failed > 0 && wave.ErrorPercent >= rules.ErrorThresholdPercent)
            return (WaveVerdict.PauseOnErrors, $"{name}: {wave.Failed} of {wave.Total} devices failed ({wave.ErrorPercent:0.#}%), at or above its error threshold of {rules.ErrorThresholdPercent}%");
        if (wave.Total == 0)
            return (WaveVerdict.Advance, $"{name} has no device left to update (all excluded or cancelled)");
        var successMet = wave.SuccessPercent >= rules.SuccessThresholdPercent;
        var gateMet = rollout.AttestationGatePercent is not { } gate || wave.AttestedPercent >= gate;
        if (!successMet || !gateMet)
            return wave.InFlight > 0 ? (WaveVerdict.Continue, "")
                : (WaveVerdict.PauseForCheck, $"{name} finished below its thresholds: {wave.Updated} of {wave.Total} devices updated ({wave.SuccessPercent:0.#}%, "
                                              + $"threshold {rules.SuccessThresholdPercent}%), {wave.AttestedPercent:0.#}% of them attested affirming"
                                              + (rollout.AttestationGatePercent is { } g0 ? $" (gate {g0}%)" : ""));
        if (rollout.IsLastWave && wave.InFlight > 0)
            return (WaveVerdict.Continue, "");
        var why = $"{name}: {wave.Updated} of {wave.Total} devices updated ({wave.SuccessPercent:0.#}%, threshold {rules.SuccessThresholdPercent}%)"
                  + (rollout.AttestationGatePercent is { } g ? $", {wave.AttestedPercent:0.#}% of them attested affirming (gate {g}%)" : "");
        return rules.AdvanceAutomatically || rollout.IsLastWave ? (WaveVerdict.Advance, why) : (WaveVerdict.PauseForCheck, why + "; waiting for a manual check");
    }
}
