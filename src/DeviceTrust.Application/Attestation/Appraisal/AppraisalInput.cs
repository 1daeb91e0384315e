using DeviceTrust.Application.Attestation.Vendor;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;

namespace DeviceTrust.Application.Attestation.Appraisal;

/// <summary>
/// What the verifier knows when it appraises one piece of evidence (RFC 9334 §8: the evidence, the endorsement of the
/// attester's key, the reference values and the appraisal policy of the device's class). The caller looks them up and
/// checks the signature; <see cref="Appraiser"/> only judges.
/// </summary>
/// <param name="Evidence">Decoded; the envelope already checked by <see cref="EatEvidence.Read"/> (signed evidence) or
/// <see cref="VendorEvidence.Read"/> (MACed evidence of a VendorVerified class).</param>
/// <param name="Key">The active key the kid names, bound to this device; null: no such key (always null for MACed evidence).</param>
/// <param name="SignatureVerified">The caller checked the signature with <paramref name="Key"/> (false when it is null).</param>
/// <param name="Device">The device the challenge-response session was opened for.</param>
/// <param name="DeviceClass">The device's class: its class-id, attestation policy and name.</param>
/// <param name="ExpectedNonce">The challenge-response session's nonce.</param>
/// <param name="ReferenceValues">The active reference values of the device's class (all versions).</param>
/// <param name="Vendor">How the manufacturer's verifier judged the evidence's MAC, when the device's class is
/// VendorVerified; or why that path was not open (an envelope of the other model). Null: the evidence is judged by its
/// signature and <paramref name="Key"/>.</param>
public sealed record AppraisalInput(
    IEatToken Evidence,
    AttestationKey? Key,
    bool SignatureVerified,
    Device Device,
    DeviceClass DeviceClass,
    ReadOnlyMemory<byte> ExpectedNonce,
    IReadOnlyList<ReferenceValue> ReferenceValues,
    VendorVouching? Vendor = null)
{
    /// <summary>
    /// The class's catalog releases, as the policy's <see cref="AttestationPolicy.FlagSupersededFirmware"/> needs them:
    /// every released version, and the latest available one. Empty when the policy does not flag superseded firmware.
    /// </summary>
    public ReleasedFirmware Releases { get; init; } = ReleasedFirmware.None;
}

/// <param name="Versions">Every version the catalog released for the class.</param>
/// <param name="Latest">The version of the class's highest available release.</param>
public sealed record ReleasedFirmware(IReadOnlySet<string> Versions, string? Latest)
{
    public static ReleasedFirmware None { get; } = new(new HashSet<string>(), null);
}
