using DeviceTrust.Attestation.Ear;

namespace DeviceTrust.Application.Attestation.Appraisal;

/// <summary>
/// The findings of one appraisal as they are made. A claim's value is its worst finding by tier
/// (draft-ietf-rats-ar4si §3.2); between findings of the same tier the first one made stays, so each check below decides
/// the order that matters to it. Every finding keeps its reason.
/// </summary>
internal sealed class AppraisalFindings
{
    private readonly List<AppraisalReason> _reasons = [];
    private TrustworthinessVector _vector = TrustworthinessVector.Empty;

    public void Add(TrustworthinessClaim claim, sbyte value, string text)
    {
        _reasons.Add(new AppraisalReason(claim, value, text));
        if (_vector[claim] is not { } current || (sbyte)TrustTiers.Of(value) > (sbyte)TrustTiers.Of(current))
            _vector = _vector.With(claim, value);
    }

    public sbyte? this[TrustworthinessClaim claim] => _vector[claim];

    public AppraisalOutcome ToOutcome(string? firmwareVersion) => new(
        _vector,
        _vector.Tier,
        _reasons.OrderBy(reason => (int)reason.Claim).ToArray(),   // OrderBy is stable: findings stay in the order made
        firmwareVersion);
}
