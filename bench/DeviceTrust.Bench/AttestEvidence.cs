using DeviceTrust.Attestation.Eat;
using DeviceTrust.Simulator.Attestation;

namespace DeviceTrust.Bench;

/// <summary>
/// A healthy simulated device's evidence, as the Simulator's (internal) <c>DeviceEvidence</c> builds it without faults:
/// the DeviceTrust EAT profile (docs/eat-profile.md), the session's nonce, the device's UEID, hwmodel = its class-id,
/// dbgstat 3 (disabled permanently), iat, one submod per firmware component with its simulated image digest; ES256 by
/// the attestation key with its endorsement as x5chain. Everything but the nonce and iat is fixed per device, so it is
/// made once.
/// </summary>
internal sealed class AttestEvidence
{
    private readonly AttestingDevice _device;
    private readonly EatClaimsSet _template;
    private readonly EatEvidenceOptions _options;

    public AttestEvidence(AttestingDevice device)
    {
        _device = device;
        var spec = device.Spec;
        _template = new EatClaimsSet
        {
            Profile = EatProfileId.FromUri(DeviceTrustEatProfile.ProfileUri),
            Ueid = spec.Ueid ?? throw new InvalidOperationException($"Device {spec.Serial} does not know its UEID."),
            HardwareModel = DeviceTrustEatProfile.HardwareModelOf(spec.ClassId ?? throw new InvalidOperationException($"Device {spec.Serial} does not know its class-id.")),
            DebugStatus = EatDebugStatus.DisabledPermanently,
            Submodules = spec.Firmware.ToDictionary(component => component.Name,
                component => (EatSubmodule)new EatClaimsSubmodule(DeviceTrustEatProfile.Component(component.Name, component.Version,
                    SimulatedFirmware.ImageDigest(component.Name, component.Version))), StringComparer.Ordinal),
        };
        _options = new EatEvidenceOptions { IncludeType = true, X5Chain = device.Attestation.X5Chain };
    }

    public byte[] Build(byte[] nonce) => EatEvidence.Build(
        _template with { Nonce = [nonce], IssuedAt = EatNumericDate.From(DateTimeOffset.UtcNow) }, _device.Attestation.PrivateKey, _options);
}
