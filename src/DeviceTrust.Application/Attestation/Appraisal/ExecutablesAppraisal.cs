using DeviceTrust.Attestation;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Domain.Attestation;

namespace DeviceTrust.Application.Attestation.Appraisal;

/// <summary>
/// executables (draft-ietf-rats-ar4si §3.1): each firmware component's image digest against the reference values
/// (RFC 9334 §8.5) of the device's class and the firmware version the evidence reports.
/// <list type="bullet">
/// <item>Every component matches its reference value, and every reference value of that version is reported: 2 approved
/// run-time (the digests are of the images the device runs, boot and application alike, not only of what it booted).</item>
/// <item>A component without a reference value, a reference value whose component the evidence does not report, a
/// component that is not a claims-set (nested token or detached digest, RFC 9711 §4.2.18: not in the profile) or
/// carries no usable digest, no firmware version, or no reference values at all for that version: 33 unrecognized.</item>
/// <item>A digest that differs from its reference value: 96 contraindicated, whatever else holds.</item>
/// <item>A version the firmware catalog released for the class but superseded by a later available release, where the
/// class's policy flags it: 32 unsafe (a warning), however well its digests match.</item>
/// </list>
/// </summary>
internal static class ExecutablesAppraisal
{
    private const TrustworthinessClaim Claim = TrustworthinessClaim.Executables;

    /// <summary>The firmware version whose reference values were used, or null when none were.</summary>
    public static string? Appraise(AppraisalInput input, AppraisalFindings findings)
    {
        var submodules = input.Evidence.Claims.Submodules;
        if (submodules is null || submodules.Count == 0)
        {
            findings.Add(Claim, ExecutablesValues.Unrecognized, "the evidence reports no firmware components (submods)");
            return null;
        }

        var className = input.DeviceClass.Name;
        var version = FirmwareVersionOf(submodules);
        if (version is null)
        {
            findings.Add(Claim, ExecutablesValues.Unrecognized,
                $"the evidence reports no firmware version: no \"{FirmwareComponentName}\" component, and the first component has no swversion");
            return null;
        }
        var references = input.ReferenceValues
            .Where(r => r.IsActive && r.DeviceClassId == input.DeviceClass.Id && r.FirmwareVersion == version)
            .ToArray();
        if (references.Length == 0)
        {
            findings.Add(Claim, ExecutablesValues.Unrecognized, $"no reference values for {className} {version}");
            return null;
        }

        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, submodule) in submodules)
        {
            var component = (submodule as EatClaimsSubmodule)?.Claims;
            var name = component?.SoftwareName ?? key;
            reported.Add(name);
            if (component is null)
                findings.Add(Claim, ExecutablesValues.Unrecognized,
                    $"component \"{key}\" is a {KindOf(submodule)}, not a claims-set as the DeviceTrust EAT profile requires: its image cannot be compared");
            else
                AppraiseComponent(name, component, references.FirstOrDefault(r => r.Component == name), $"{className} {version}", findings);
        }
        foreach (var missing in references.Where(r => !reported.Contains(r.Component)))
            findings.Add(Claim, ExecutablesValues.Unrecognized,
                $"{className} {version} has a reference value for \"{missing.Component}\", which the evidence does not report");
        if (input.DeviceClass.AttestationPolicy.FlagSupersededFirmware && input.Releases is { Latest: { } latest } releases
            && releases.Versions.Contains(version) && version != latest)
            findings.Add(Claim, ExecutablesValues.Unsafe, $"{className} {version} is superseded by release {latest} in the firmware catalog (the class's policy flags it)");
        return version;
    }

    /// <summary>The component whose version names the device's firmware, as <c>Device.ReportFirmware</c> chooses it.</summary>
    public const string FirmwareComponentName = "firmware";

    // Device.ReportFirmware: the component named "firmware", else the first reported (submods in the order received).
    private static string? FirmwareVersionOf(IReadOnlyDictionary<string, EatSubmodule> submodules)
    {
        var components = submodules.Values.Select(s => (s as EatClaimsSubmodule)?.Claims).ToArray();
        var main = components.FirstOrDefault(c => c?.SoftwareName == FirmwareComponentName) ?? components[0];
        return main?.SoftwareVersion?.Version;
    }

    private static void AppraiseComponent(string name, EatClaimsSet component, ReferenceValue? reference, string release, AppraisalFindings findings)
    {
        EatDigest? digest;
        try
        {
            digest = DeviceTrustEatProfile.ImageDigestOf(component);
        }
        catch (AttestationFormatException e)
        {
            findings.Add(Claim, ExecutablesValues.Unrecognized, $"{name}: the image digest (-70001) is malformed ({e.What})");
            return;
        }
        if (digest is null)
        {
            findings.Add(Claim, ExecutablesValues.Unrecognized, $"{name}: the evidence carries no image digest (-70001)");
            return;
        }

        var found = $"{name} digest {AppraisalText.Hex(digest.Value)}";
        if (reference is null)
            findings.Add(Claim, ExecutablesValues.Unrecognized, $"{found} has no reference value for {release}");
        else if (digest.Algorithm.Integer != (int)reference.DigestAlgorithm)
            findings.Add(Claim, ExecutablesValues.Unrecognized,
                $"{found} is {digest.Algorithm}, the reference value for {release} is {(int)reference.DigestAlgorithm} ({reference.DigestAlgorithm}): they cannot be compared");
        else if (reference.Matches(reference.DigestAlgorithm, digest.Value))
            findings.Add(Claim, ExecutablesValues.ApprovedRuntime, $"{found} matches the reference value for {release}");
        else
            findings.Add(Claim, ExecutablesValues.Contraindicated,
                $"{found} differs from the reference value {AppraisalText.Hex(reference.Digest)} for {release}");
    }

    private static string KindOf(EatSubmodule submodule) => submodule switch
    {
        EatNestedCborToken or EatNestedJsonToken => "nested token",
        EatDetachedDigest => "detached digest",
        _ => submodule.GetType().Name,
    };
}
