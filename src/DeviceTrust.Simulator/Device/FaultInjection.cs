namespace DeviceTrust.Simulator.Device;

/// <summary>
/// Misbehaviour a device can be told to show, so the server can be exercised against lossy, buggy and hostile devices.
/// Settable per device and at runtime through <see cref="SimulatedDevice.Faults"/>. The provisioning faults shape how a
/// device that has not enrolled yet bootstraps; each makes the domain refuse it (or it refuse the domain), so the device
/// ends up Rejected. The attestation faults shape the device's answers to attestation challenges; the appraisal of each
/// is contraindicated or the answer refused, so the device is quarantined (or stays as it was). The update faults shape
/// how the device runs an offered update (docs/update-protocol.md): each ends in a failure report, no report at all, or
/// a contraindicated appraisal after the update.
/// </summary>
public sealed record FaultInjection
{
    public static FaultInjection None { get; } = new();

    /// <summary>Probability (0..1) that a telemetry reading is silently skipped.</summary>
    public double DropRate { get; init; }

    /// <summary>Probability (0..1) that a telemetry message is replaced by a malformed or out-of-range one.</summary>
    public double MalformedRate { get; init; }

    /// <summary>Keep the connection open but stop sending telemetry, like a hung sensor task.</summary>
    public bool Silent { get; init; }

    /// <summary>Connect to the hub with a self-signed certificate naming the device instead of its LDevID: refused with 401.</summary>
    public bool UntrustedCertificate { get; init; }

    /// <summary>Bootstrap with an IDevID from a manufacturer the domain does not know (a counterfeit): the registrar answers 403.</summary>
    public bool UnknownManufacturer { get; init; }

    /// <summary>Bootstrap with an IDevID that has expired: the registrar answers 403.</summary>
    public bool ExpiredIdevid { get; init; }

    /// <summary>Corrupt the voucher as received: the pledge refuses it and reports voucher_status false (RFC 8995 5.7).</summary>
    public bool TamperVoucher { get; init; }

    /// <summary>Sign the CSR with another key than the one it carries: EST refuses the proof of possession with 400.</summary>
    public bool CsrKeyMismatch { get; init; }

    /// <summary>
    /// Evidence reports an altered digest for the first firmware component (its first byte inverted), as a modified image
    /// gives: the verifier appraises it (200) as contraindicated, executables 96, the digest differing from the reference value.
    /// </summary>
    public bool TamperedDigest { get; init; }

    /// <summary>
    /// Evidence reports dbgstat 0 (enabled: debugging is possible now, RFC 9711 §4.2.9): the verifier appraises it (200) as
    /// contraindicated, configuration 96, under any class policy whose minimum dbgstat is above 0 (the default's is 2).
    /// </summary>
    public bool DebugEnabled { get; init; }

    /// <summary>
    /// Answers a new session with the evidence of the previous one, unchanged (its nonce is the old session's): the
    /// verifier appraises it (200) as contraindicated, instance-identity 96, not this session's nonce. With no previous
    /// evidence yet the device answers normally, which the next session then gets as its replay.
    /// </summary>
    public bool ReplayNonce { get; init; }

    /// <summary>
    /// Signs with a fresh P-256 key, its x5chain a self-signed certificate naming the serial instead of the
    /// manufacturer's endorsement: the verifier appraises it (200) as contraindicated, instance-identity 99, the kid naming
    /// no key of the device and the certificate chaining to no endorsement anchor. A VendorVerified device instead MACs
    /// under a fresh secret of its own (32 random bytes) named by its factory secret's kid: the manufacturer's verifier
    /// finds the secret the kid names, and the tag does not verify under it.
    /// </summary>
    public bool UnendorsedKey { get; init; }

    /// <summary>
    /// Waits until after the session's expiry before answering: the verifier refuses the late answer with 409 and audits
    /// it (attestation.replay-refused); nothing is appraised. The wait runs on the simulation's clock.
    /// </summary>
    public bool LateAnswer { get; init; }

    /// <summary>
    /// Probability (0..1) that writing a fetched image fails, as a flash write does: the update stops there with an
    /// operation-failed report (reason 11) naming the fetch directive; the device keeps the image it had.
    /// </summary>
    public double InstallFailureRate { get; init; }

    /// <summary>
    /// Alters each fetched image as received (its first byte inverted): condition-image-match after the fetch fails, a
    /// condition-failed report (reason 10) naming it; the device keeps the image it had.
    /// </summary>
    public bool CorruptDownload { get; init; }

    /// <summary>
    /// The device answers to another class-id than its class's (its last byte inverted): the manifest's
    /// condition-class-identifier fails, a condition-failed report (reason 10) naming it; nothing is fetched or installed.
    /// </summary>
    public bool WrongClass { get; init; }

    /// <summary>
    /// After fetching the envelope the device drops its hub connection and sends no report; it reconnects after the retry
    /// delay, as after the server closed a connection. The server's offer stays open until it times out or is repeated.
    /// </summary>
    public bool OfflineMidUpdate { get; init; }

    /// <summary>
    /// The device believes it installed a manifest with sequence number <see cref="long.MaxValue"/>: it refuses every offered
    /// manifest as a rollback (draft-ietf-suit-manifest §6.1), a condition-failed report (reason 10) naming
    /// manifest-sequence-number; nothing is installed.
    /// </summary>
    public bool AheadSequenceNumber { get; init; }

    /// <summary>
    /// Installs and reports success, then its evidence reports an altered digest (its first byte inverted, as
    /// <see cref="TamperedDigest"/> does) for each component an update installed: the verifier appraises the re-attestation
    /// as contraindicated, and the server quarantines the device.
    /// </summary>
    public bool ContraindicatedAfterInstall { get; init; }

    /// <summary>True when any fault changes how the device bootstraps.</summary>
    public bool AffectsProvisioning => UnknownManufacturer || ExpiredIdevid || TamperVoucher || CsrKeyMismatch;

    /// <summary>True when any fault changes how the device answers attestation challenges.</summary>
    public bool AffectsAttestation => TamperedDigest || DebugEnabled || ReplayNonce || UnendorsedKey || LateAnswer;

    internal bool ChangesCredentialsFrom(FaultInjection other) =>
        UntrustedCertificate != other.UntrustedCertificate || UnknownManufacturer != other.UnknownManufacturer
        || ExpiredIdevid != other.ExpiredIdevid || TamperVoucher != other.TamperVoucher || CsrKeyMismatch != other.CsrKeyMismatch;

    /// <summary>Checks the values a setter would refuse, before anything acts on them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate is not a probability; its parameter name is the property's.</exception>
    public void Validate()
    {
        if (DropRate is < 0 or > 1 || double.IsNaN(DropRate))
        {
            throw new ArgumentOutOfRangeException(
                nameof(DropRate), DropRate, "Expected a probability between 0 and 1.");
        }

        if (MalformedRate is < 0 or > 1 || double.IsNaN(MalformedRate))
        {
            throw new ArgumentOutOfRangeException(
                nameof(MalformedRate), MalformedRate, "Expected a probability between 0 and 1.");
        }

        if (InstallFailureRate is < 0 or > 1 || double.IsNaN(InstallFailureRate))
        {
            throw new ArgumentOutOfRangeException(
                nameof(InstallFailureRate), InstallFailureRate, "Expected a probability between 0 and 1.");
        }
    }
}
