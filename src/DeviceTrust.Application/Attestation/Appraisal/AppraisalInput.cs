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
/// <param name="Evidence">Decoded; the envelope already checked by <see cref="EatEvidence.Read"/>.</param>
/// <param name="Key">The active key the kid names, bound to this device; null: no such key.</param>
/// <param name="SignatureVerified">The caller checked the signature with <paramref name="Key"/> (false when it is null).</param>
/// <param name="Device">The device the challenge-response session was opened for.</param>
/// <param name="DeviceClass">The device's class: its class-id, attestation policy and name.</param>
/// <param name="ExpectedNonce">The challenge-response session's nonce.</param>
/// <param name="ReferenceValues">The active reference values of the device's class (all versions).</param>
public sealed record AppraisalInput(
    EatToken Evidence,
    AttestationKey? Key,
    bool SignatureVerified,
    Device Device,
    DeviceClass DeviceClass,
    ReadOnlyMemory<byte> ExpectedNonce,
    IReadOnlyList<ReferenceValue> ReferenceValues);
