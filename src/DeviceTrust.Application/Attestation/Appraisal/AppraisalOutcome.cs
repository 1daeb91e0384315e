using DeviceTrust.Attestation.Ear;

namespace DeviceTrust.Application.Attestation.Appraisal;

/// <summary>One finding behind a trustworthiness claim: the value it supports and why, for a security officer to read.</summary>
public sealed record AppraisalReason(TrustworthinessClaim Claim, sbyte Value, string Text)
{
    public override string ToString() =>
        $"{EarClaimNames.VectorClaimName(Claim)} {Value} ({TrustworthinessValues.Describe(Claim, Value)}): {Text}";
}

/// <summary>
/// The appraisal of one piece of evidence: the AR4SI trustworthiness vector (draft-ietf-rats-ar4si §3.1), its tier
/// (§3.2, the worst claim's), and the findings behind every claim that was set.
/// </summary>
/// <param name="Vector">The claims set; a claim the evidence cannot speak to is absent.</param>
/// <param name="Tier">The vector's tier (worst claim).</param>
/// <param name="Reasons">One or more readable reasons per claim that was set, in claim order.</param>
/// <param name="FirmwareVersion">The version whose reference values were used, when one was.</param>
public sealed record AppraisalOutcome(
    TrustworthinessVector Vector,
    TrustTier Tier,
    IReadOnlyList<AppraisalReason> Reasons,
    string? FirmwareVersion);
