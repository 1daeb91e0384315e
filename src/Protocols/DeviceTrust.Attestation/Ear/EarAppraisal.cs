namespace DeviceTrust.Attestation.Ear;

/// <summary>
/// The appraisal of one attester, the value of one <c>submods</c> entry (draft-ietf-rats-ear-03 §3.1):
/// <code>
/// EAR-appraisal = {
///   status-label => ar4si.trustworthiness-tier                   ; ear.status, 1000
///   ? trustworthiness-vector-label => ar4si.trustworthiness-vector ; ear.trustworthiness-vector, 1001
///   ? appraisal-policy-ids-label => [ + text ]                    ; ear.appraisal-policy-id (one text), 1003
///   * $$ear-appraisal-extension
/// }
/// </code>
/// The status is never better than the vector allows: "The value of this claim MUST be set to a tier of no higher
/// trust than the tier corresponding to the worst trustworthiness claim across the entire trustworthiness vector"
/// (§3.1). Building refuses a status that breaks this; reading reports it as a format error.
/// </summary>
public sealed class EarAppraisal
{
    /// <exception cref="ArgumentException">The status is better than the vector's worst claim, the status is not a
    /// tier, or a policy id is empty.</exception>
    public EarAppraisal(TrustTier status, TrustworthinessVector? vector = null, IEnumerable<string>? appraisalPolicyIds = null)
    {
        if (!status.IsDefined())
            throw new ArgumentOutOfRangeException(nameof(status), status, "not an AR4SI tier (0, 2, 32 or 96)");
        vector = vector is { IsEmpty: false } ? vector : null;
        if (StatusProblem(status, vector) is { } problem)
            throw new ArgumentException(problem, nameof(status));
        var ids = appraisalPolicyIds?.ToArray() ?? [];
        if (ids.Any(string.IsNullOrEmpty))
            throw new ArgumentException("An appraisal policy id is empty.", nameof(appraisalPolicyIds));
        Status = status;
        Vector = vector;
        AppraisalPolicyIds = ids;
    }

    /// <summary>An appraisal whose status is the vector's own tier, the best the vector allows.</summary>
    public static EarAppraisal FromVector(TrustworthinessVector vector, params IEnumerable<string> appraisalPolicyIds)
    {
        ArgumentNullException.ThrowIfNull(vector);
        return new EarAppraisal(vector.Tier, vector, appraisalPolicyIds);
    }

    public TrustTier Status { get; }

    /// <summary>The trustworthiness vector, or null when the appraisal has none (an empty vector is not written).</summary>
    public TrustworthinessVector? Vector { get; }

    /// <summary>The appraisal policies in the order they were applied; empty when none is named.</summary>
    public IReadOnlyList<string> AppraisalPolicyIds { get; }

    /// <summary>
    /// Why <paramref name="status"/> may not go with <paramref name="vector"/>, or null when it may. Tiers compare by
    /// their values as in veraison/ear: a status is refused when its value is below the vector's worst tier.
    /// </summary>
    internal static string? StatusProblem(TrustTier status, TrustworthinessVector? vector)
    {
        if (vector is null || (sbyte)status >= (sbyte)vector.Tier)
            return null;
        var worst = vector.Claims.First(claim => TrustTiers.Of(claim.Value) == vector.Tier);
        return $"status \"{status.Name()}\" is better than the trustworthiness vector allows: " +
            $"{EarClaimNames.VectorClaimName(worst.Key)} is {worst.Value} ({vector.Tier.Name()}); the status must be " +
            $"no better than the worst claim (draft-ietf-rats-ear-03 §3.1)";
    }
}
