namespace DeviceTrust.Simulator.Attestation;

public enum AttestationAnswer
{
    /// <summary>The verifier took the evidence and appraised it (200): <see cref="AttestationOutcome.Verdict"/> says how.</summary>
    Appraised,

    /// <summary>The verifier refused the answer (4xx, 5xx): <see cref="AttestationOutcome.Problem"/> says why.</summary>
    Refused,

    /// <summary>The device did not answer: it holds no attestation key, or does not know its UEID or class-id.</summary>
    Declined,

    /// <summary>The answer did not reach the verifier, or its reply could not be read.</summary>
    Failed,
}

/// <summary>How a device's last answer to an attestation challenge went.</summary>
/// <param name="Session">The session's path.</param>
/// <param name="HttpStatus">What the verifier answered; null when nothing was sent or nothing came back.</param>
/// <param name="SessionStatus">The session's status after an appraisal: "complete", or "failed" (evidence the verifier could not judge).</param>
/// <param name="Verdict">
/// The device's ear.status in the attestation result ("affirming", "warning", "contraindicated", "none"), as the device
/// read it without verifying the EAR's signature (it only reports it); null when there is none.
/// </param>
/// <param name="Faults">The evidence faults the answer showed (names of <see cref="Device.FaultInjection"/> members).</param>
public sealed record AttestationOutcome(
    string Session,
    DateTimeOffset At,
    AttestationAnswer Answer,
    int? HttpStatus,
    string? SessionStatus,
    string? Verdict,
    string? Problem,
    IReadOnlyList<string> Faults);

/// <summary>A device's attestation counters and its last outcome.</summary>
/// <param name="Appraised">Answers the verifier appraised.</param>
/// <param name="Refused">Answers the verifier refused.</param>
/// <param name="Failed">Challenges the device declined, or whose answer failed on the way.</param>
/// <param name="Ignored">Malformed "Attest" requests, ignored.</param>
public sealed record AttestationSummary(long Appraised, long Refused, long Failed, long Ignored, AttestationOutcome? Last)
{
    public static AttestationSummary None { get; } = new(0, 0, 0, 0, null);
}
