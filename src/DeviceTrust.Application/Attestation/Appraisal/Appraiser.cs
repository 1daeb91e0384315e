using DeviceTrust.Attestation.Ear;

namespace DeviceTrust.Application.Attestation.Appraisal;

/// <summary>
/// The verifier's appraisal of DeviceTrust evidence (RFC 9334 §8: evidence appraised with endorsements §8.2, reference
/// values §8.5 and the appraisal policy §8.4) into an AR4SI trustworthiness vector (draft-ietf-rats-ar4si §3.1). Pure: everything
/// it judges comes in <see cref="AppraisalInput"/>, so the same input always gives the same outcome.
/// <list type="table">
/// <item>instance-identity: key and signature, nonce freshness, ueid (<see cref="IdentityAppraisal"/>)</item>
/// <item>configuration: profile conformance, dbgstat, required claims (<see cref="ConfigurationAppraisal"/>)</item>
/// <item>executables: component image digests against reference values (<see cref="ExecutablesAppraisal"/>)</item>
/// <item>hardware: hwmodel and the key's endorsement (<see cref="HardwareAppraisal"/>)</item>
/// </list>
/// file-system, runtime-opaque, storage-opaque and sourced-data are never set: the DeviceTrust EAT profile carries no
/// claim about them, and AR4SI §3.1 has a claim absent when the verifier makes no statement.
/// </summary>
public static class Appraiser
{
    public static AppraisalOutcome Appraise(AppraisalInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Evidence);
        ArgumentNullException.ThrowIfNull(input.Device);
        ArgumentNullException.ThrowIfNull(input.DeviceClass);
        ArgumentNullException.ThrowIfNull(input.ReferenceValues);

        var findings = new AppraisalFindings();
        // Claims that are not signed by this device's key, or not fresh, say nothing about the device as it is now:
        // nothing else is appraised (IdentityAppraisal says why in the reasons).
        if (!IdentityAppraisal.Appraise(input, findings))
            return findings.ToOutcome(firmwareVersion: null);

        ConfigurationAppraisal.Appraise(input, findings);
        var firmwareVersion = ExecutablesAppraisal.Appraise(input, findings);
        HardwareAppraisal.Appraise(input, findings);
        return findings.ToOutcome(firmwareVersion);
    }

    /// <summary>The claims a trustworthy signature would have let the verifier judge, for "not appraised" reasons.</summary>
    internal static IReadOnlyList<TrustworthinessClaim> AppraisedAfterIdentity { get; } =
        [TrustworthinessClaim.Configuration, TrustworthinessClaim.Executables, TrustworthinessClaim.Hardware];
}
