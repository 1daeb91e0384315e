namespace DeviceTrust.Domain.Attestation;

/// <summary>How a device class's evidence is appraised.</summary>
public enum AttestationModel
{
    /// <summary>Evidence signed by the device's attestation key (COSE_Sign1), endorsed or registered; DeviceTrust verifies it.</summary>
    Endorsed = 0,
    /// <summary>
    /// Evidence MACed under a per-device secret only the manufacturer holds (COSE_Mac0): forwarded to the manufacturer's
    /// verifier, whose signed attestation result DeviceTrust checks and appraises further.
    /// </summary>
    VendorVerified = 1,
}

/// <summary>What a warning verdict does to a device (affirming always makes it Operational, contraindicated quarantines it).</summary>
public enum WarningAction
{
    /// <summary>The device stays in service, flagged on its page and in the verdict feed.</summary>
    Flag = 0,
    Quarantine = 1,
}

/// <summary>
/// A device class's appraisal policy. <see cref="Version"/> grows with every change, and each appraisal records the
/// version it used, so a security officer can tell what a past verdict was judged against.
/// </summary>
/// <param name="MinimumDebugStatus">The least-open dbgstat accepted (RFC 9711 §4.2.9: 0 enabled .. 4 fully and permanently disabled).</param>
/// <param name="RequiredClaims">EAT claim keys the evidence must carry beyond what the profile requires (oemid, bootcount, ...).</param>
/// <param name="ReattestationInterval">How often the server asks a device of the class to attest again.</param>
/// <param name="OnWarning">What a warning verdict does.</param>
/// <param name="ReleaseOnAffirming">Whether an affirming verdict releases a quarantined device, or only a security officer can.</param>
public sealed record AttestationPolicy(int MinimumDebugStatus, IReadOnlyList<int> RequiredClaims, TimeSpan ReattestationInterval, WarningAction OnWarning,
    bool ReleaseOnAffirming)
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaximumInterval = TimeSpan.FromDays(30);

    /// <summary>Debug disabled since boot or better, re-attest daily, warnings flagged, release by a security officer only.</summary>
    public static AttestationPolicy CreateDefault() => new(2, [], TimeSpan.FromDays(1), WarningAction.Flag, false);

    public int Version { get; init; } = 1;

    /// <summary>
    /// Whether a device running a catalog release that a later available release of its class supersedes is flagged:
    /// executables 32 (a warning, draft-ietf-rats-ar4si §3.1), even when its digests match their reference values.
    /// </summary>
    public bool FlagSupersededFirmware { get; init; }

    /// <exception cref="DomainException">A value out of range.</exception>
    public AttestationPolicy Validated()
    {
        if (MinimumDebugStatus is < 0 or > 4) throw new DomainException("The minimum debug status is a dbgstat value, 0-4.");
        if (ReattestationInterval < MinimumInterval || ReattestationInterval > MaximumInterval)
            throw new DomainException($"The re-attestation interval is between {MinimumInterval.TotalMinutes:0} minute and {MaximumInterval.TotalDays:0} days.");
        if (!Enum.IsDefined(OnWarning)) throw new DomainException("Unknown warning action.");
        if (RequiredClaims.Count > 32 || RequiredClaims.Distinct().Count() != RequiredClaims.Count)
            throw new DomainException("Required claims are distinct claim keys, at most 32.");
        return this;
    }
}
