using DeviceTrust.Domain.Devices;

namespace DeviceTrust.Domain.Attestation;

/// <summary>
/// What a verdict does to a device, under its class's <see cref="AttestationPolicy"/>. The one table of it:
/// <list type="table">
///   <listheader><term>verdict</term><description>effect</description></listheader>
///   <item><term>affirming</term><description>Enrolled becomes Operational (a device enters service by attesting);
///     Quarantined becomes Operational only where the policy releases on affirming, else a security officer releases it.</description></item>
///   <item><term>warning</term><description>as contraindicated where the policy quarantines on warning; otherwise the
///     device is flagged (its latest verdict says so) and an Enrolled one still enters service.</description></item>
///   <item><term>contraindicated</term><description>Enrolled, Operational and Updating become Quarantined, the reasons in the move.</description></item>
///   <item><term>none</term><description>nothing: the verifier could not judge.</description></item>
/// </list>
/// Devices outside those states (not yet enrolled, revoked, decommissioned) are never moved by a verdict.
/// </summary>
public static class AttestationConsequences
{
    /// <summary>A move's reason is at most this long; longer reasons are cut with an ellipsis (the appraisal keeps them all).</summary>
    public const int MaxReasonLength = 500;

    /// <summary>The state the verdict moves a device in <paramref name="current"/> to, or null when it stays.</summary>
    public static DeviceState? TargetOf(DeviceState current, AttestationVerdict verdict, AttestationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var quarantines = verdict == AttestationVerdict.Contraindicated
                          || (verdict == AttestationVerdict.Warning && policy.OnWarning == WarningAction.Quarantine);
        if (quarantines)
            return current is DeviceState.Enrolled or DeviceState.Operational or DeviceState.Updating ? DeviceState.Quarantined : null;
        return (current, verdict) switch
        {
            (DeviceState.Enrolled, AttestationVerdict.Affirming or AttestationVerdict.Warning) => DeviceState.Operational,
            (DeviceState.Quarantined, AttestationVerdict.Affirming) when policy.ReleaseOnAffirming => DeviceState.Operational,
            _ => null,
        };
    }

    /// <summary>
    /// Moves <paramref name="device"/> as <see cref="TargetOf"/> says, with a reason naming the verdict and
    /// <paramref name="why"/> (the appraisal's reasons, one line); null when the device stays where it is.
    /// </summary>
    public static DeviceStateChanged? Apply(Device device, AttestationVerdict verdict, AttestationPolicy policy, string why, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (TargetOf(device.State, verdict, policy) is not { } target) return null;
        var reason = string.IsNullOrWhiteSpace(why) ? $"attestation {Name(verdict)}" : $"attestation {Name(verdict)}: {why.Trim()}";
        if (reason.Length > MaxReasonLength) reason = string.Concat(reason.AsSpan(0, MaxReasonLength - 1), "…");
        return device.TransitionTo(target, reason, by, now);
    }

    private static string Name(AttestationVerdict verdict) => verdict switch
    {
        AttestationVerdict.Affirming => "affirming",
        AttestationVerdict.Warning => "warning",
        AttestationVerdict.Contraindicated => "contraindicated",
        _ => "without a verdict",
    };
}
