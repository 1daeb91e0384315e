using System.Security.Cryptography;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Domain.Attestation;

namespace DeviceTrust.Application.Attestation.Appraisal;

/// <summary>
/// instance-identity (draft-ietf-rats-ar4si §3.1): is this evidence from this device, now? Three checks in order; the
/// first two stop the appraisal.
/// </summary>
internal static class IdentityAppraisal
{
    private const TrustworthinessClaim Claim = TrustworthinessClaim.InstanceIdentity;

    /// <summary>False when nothing else may be appraised (cryptographic failure or stale evidence).</summary>
    public static bool Appraise(AppraisalInput input, AppraisalFindings findings)
    {
        var serial = input.Device.SerialNumber;
        var kid = input.Evidence.KeyId is { } id ? AppraisalText.Hex(id) : "(none)";

        // 1. Cryptographic validation (RFC 9334 §8.2: the endorsement of the device's signing key is what makes its
        // signature count; draft-ietf-rats-ar4si §3.1 shared value 99 "cryptographic validation of the Evidence has
        // failed"). The draft lets 99 stand in any claim; we set it on instance-identity, the claim a key speaks to,
        // and leave the others unset rather than repeat 99 in them: unverified claims are not evidence of anything, so
        // the verifier makes no statement about configuration, executables or hardware. The tier is contraindicated
        // either way (99 is in 96..127).
        // MACed evidence (a VendorVerified class): the manufacturer's verifier holds the secret and checked the MAC; its
        // signed result stands where the signature check would (VendorVerification says what was checked of it).
        if (input.Vendor is { } vendor)
        {
            if (!vendor.Vouched)
                return CryptoFailed(findings, vendor.Reason);
        }
        else if (!IsKeyOfDevice(input))
        {
            return CryptoFailed(findings, $"the kid {kid} names no active attestation key of this device ({serial})");
        }
        else if (!input.SignatureVerified)
        {
            return CryptoFailed(findings,
                $"signature does not verify with an attestation key of this device ({serial}, {Describe(input.Key!)} kid {kid})");
        }

        // 2. Freshness (RFC 9334 §10.2, nonce-based; RFC 9711 §4.1 eat_nonce). Evidence without this session's nonce
        // is a replay or an answer to another session. Its signature shows the device's key made it, so the attester is
        // recognized; but the claims describe no current state of it: 96 "recognized but not trustworthy" rather than
        // 97 "not recognized", which would wrongly say the key is unknown. Nothing else is appraised.
        var nonces = input.Evidence.Claims.Nonce;
        var expected = input.ExpectedNonce;
        if (nonces is null || !nonces.Any(nonce => CryptographicOperations.FixedTimeEquals(nonce, expected.Span)))
        {
            var found = nonces is null ? "no eat_nonce" : $"eat_nonce {string.Join(", ", nonces.Select(n => AppraisalText.Hex(n)))}";
            findings.Add(Claim, InstanceIdentityValues.Untrustworthy,
                $"the evidence carries {found}, not this session's nonce {AppraisalText.Hex(expected.Span)}: a replayed answer or one to another session");
            NotAppraised(findings, InstanceIdentityValues.Untrustworthy, "evidence that is not fresh says nothing about the device's current state");
            return false;
        }

        // 3. The entity (RFC 9711 §4.2.1 ueid): the key is this device's, so the ueid must be too. Another ueid means
        // the device's own key signed another entity's identity (a cloned or shared key, or a device misprogrammed at
        // manufacture): 96 "recognized but not trustworthy". No ueid at all leaves the instance unidentified by its
        // evidence: 97 "not recognized" (the verifier expected to recognize it). Either way the other claims are still
        // appraised: the evidence is signed and fresh, and a security officer wants to know what else it says.
        var ueid = input.Evidence.Claims.Ueid;
        if (ueid is null)
            findings.Add(Claim, InstanceIdentityValues.Unrecognized,
                $"the evidence carries no ueid; expected {AppraisalText.Hex(input.Device.Ueid)} of {serial}");
        else if (!ueid.AsSpan().SequenceEqual(input.Device.Ueid))
            findings.Add(Claim, InstanceIdentityValues.Untrustworthy,
                $"ueid {AppraisalText.Hex(ueid)} is not {AppraisalText.Hex(input.Device.Ueid)} of {serial}, whose key signed it: a cloned or shared attestation key");
        else
            findings.Add(Claim, InstanceIdentityValues.Recognized, $"{Origin(input, serial, kid)}, with this session's nonce and {serial}'s ueid {AppraisalText.Hex(ueid)}");
        return true;
    }

    private static string Origin(AppraisalInput input, string serial, string kid) => input.Vendor is { } vendor
        ? $"MACed with the secret {serial}'s factory embedded (kid {kid}), vouched for by {vendor.Verifier}"
        : $"signed by {serial}'s {Describe(input.Key!)} attestation key (kid {kid})";

    // The input promises an active key of this device; checked again, since a wrong key here would vouch for another device.
    private static bool IsKeyOfDevice(AppraisalInput input) =>
        input.Key is { IsActive: true } key
        && key.DeviceId == input.Device.Id
        && input.Evidence.KeyId is { } kid
        && CryptographicOperations.FixedTimeEquals(kid, key.KeyId);

    private static bool CryptoFailed(AppraisalFindings findings, string text)
    {
        findings.Add(Claim, SharedValues.CryptoValidationFailed, text);
        NotAppraised(findings, SharedValues.CryptoValidationFailed, "claims not shown to come from this device say nothing about it");
        return false;
    }

    private static void NotAppraised(AppraisalFindings findings, sbyte value, string why) =>
        findings.Add(Claim, value,
            $"{string.Join(", ", Appraiser.AppraisedAfterIdentity.Select(EarClaimNames.VectorClaimName))} not appraised: {why}");

    internal static string Describe(AttestationKey key) => key.Origin switch
    {
        AttestationKeyOrigin.Endorsed => "endorsed",
        AttestationKeyOrigin.Registered => "registered",
        _ => key.Origin.ToString(),
    };
}
