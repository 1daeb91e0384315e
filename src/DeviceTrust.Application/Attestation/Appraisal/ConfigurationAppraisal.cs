using System.Globalization;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;

namespace DeviceTrust.Application.Attestation.Appraisal;

/// <summary>
/// configuration (draft-ietf-rats-ar4si §3.1): does the device run as its class's policy (RFC 9334 §8.4) requires?
/// <list type="bullet">
/// <item>dbgstat (RFC 9711 §4.2.9) at or above the policy minimum: 2 approved. Below it: 32 unsafe, except 0 "enabled"
/// (debugging possible right now, the one status that hands the device to whoever holds a probe): 96 unsupportable.
/// So a minimum of 2 turns dbgstat 1 (disabled, but perhaps enabled earlier since boot) into a warning and dbgstat 0 into
/// a contraindication; a minimum of 0 accepts everything.</item>
/// <item>A claim the policy requires that the evidence lacks: 32 unsafe, naming the claim.</item>
/// <item>A deviation from the DeviceTrust EAT profile (<see cref="DeviceTrustEatProfile.Check"/>): 32 unsafe, one reason
/// per problem. Not the shared value 1 "unexpected evidence": it is in the none tier and would leave evidence that breaks
/// the profile affirming. Problems a specific check also reports (a missing hwmodel, a component without digest) show
/// twice, once as the profile problem and once where they count.</item>
/// </list>
/// </summary>
internal static class ConfigurationAppraisal
{
    private const TrustworthinessClaim Claim = TrustworthinessClaim.Configuration;

    public static void Appraise(AppraisalInput input, AppraisalFindings findings)
    {
        var claims = input.Evidence.Claims;
        var policy = input.DeviceClass.AttestationPolicy;

        foreach (var problem in DeviceTrustEatProfile.Check(claims).Problems)
            findings.Add(Claim, ConfigurationValues.Unsafe, $"the evidence does not follow the DeviceTrust EAT profile: {problem}");

        if (claims.DebugStatus is { } debug)
            AppraiseDebugStatus(debug, policy.MinimumDebugStatus, input.DeviceClass.Name, findings);

        // The claims as received rather than EatClaimsSet's properties, so that any claim key a policy names counts,
        // modelled or not.
        var present = input.Evidence.ClaimLabels;
        foreach (var required in policy.RequiredClaims.Where(key => !present.Contains(CoseLabel.Of(key))))
            findings.Add(Claim, ConfigurationValues.Unsafe,
                $"the policy of {input.DeviceClass.Name} requires {EatClaimKeys.Segment(required)}, which the evidence does not carry");
    }

    private static void AppraiseDebugStatus(EatDebugStatus debug, int minimum, string className, AppraisalFindings findings)
    {
        var found = $"dbgstat {Describe((int)debug)}";
        var wanted = $"the minimum {Describe(minimum)} of {className}";
        if ((int)debug >= minimum)
            findings.Add(Claim, ConfigurationValues.Approved, $"{found} meets {wanted}");
        else if (debug == EatDebugStatus.Enabled)
            findings.Add(Claim, ConfigurationValues.Unsupportable, $"{found} is below {wanted}: debugging is possible now");
        else
            findings.Add(Claim, ConfigurationValues.Unsafe, $"{found} is below {wanted}");
    }

    private static string Describe(int status) => status switch
    {
        (int)EatDebugStatus.Enabled => "0 (enabled)",
        (int)EatDebugStatus.Disabled => "1 (disabled)",
        (int)EatDebugStatus.DisabledSinceBoot => "2 (disabled since boot)",
        (int)EatDebugStatus.DisabledPermanently => "3 (disabled permanently)",
        (int)EatDebugStatus.DisabledFullyAndPermanently => "4 (disabled fully and permanently)",
        _ => status.ToString(CultureInfo.InvariantCulture),
    };
}
