using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Domain.Attestation;

namespace DeviceTrust.Application.Attestation.Appraisal;

/// <summary>
/// hardware (draft-ietf-rats-ar4si §3.1): is this genuine hardware of the device's class?
/// <list type="bullet">
/// <item>hwmodel (RFC 9711 §4.2.4) is the class's SUIT class-id, and the signing key is endorsed (RFC 9334 §8.2): 2
/// genuine. An endorsed key has a certificate of the manufacturer's attestation endorsement CA naming the device's serial;
/// a registered key was vouched for by a security officer of this domain, the other binding the DeviceTrust EAT profile
/// admits. Both give genuine; the reason says which, so an officer can tell them apart. (A lower value for registered keys
/// would flag every device of a class without an endorsement CA for good, and AR4SI has no value for "genuine by a local
/// endorsement".)</item>
/// <item>hwmodel missing or another model: 97 unrecognized. Not 96 "genuine but contraindicated": nothing shows that the
/// hardware is a genuine one of this class.</item>
/// </list>
/// </summary>
internal static class HardwareAppraisal
{
    private const TrustworthinessClaim Claim = TrustworthinessClaim.Hardware;

    public static void Appraise(AppraisalInput input, AppraisalFindings findings)
    {
        var deviceClass = input.DeviceClass;
        var expected = DeviceTrustEatProfile.HardwareModelOf(deviceClass.ClassId);
        var model = $"{deviceClass.Name} (class-id {deviceClass.ClassId})";
        var hwmodel = input.Evidence.Claims.HardwareModel;
        if (hwmodel is null)
            findings.Add(Claim, HardwareValues.Unrecognized, $"the evidence carries no hwmodel; expected {model}");
        else if (!hwmodel.AsSpan().SequenceEqual(expected))
            findings.Add(Claim, HardwareValues.Unrecognized, $"hwmodel {Describe(hwmodel)} is not {model}");
        else
            findings.Add(Claim, HardwareValues.Genuine, $"hwmodel is {model}, and {Vouching(input)}");

        // The manufacturer's verifier may judge more than the MAC: its misgivings about any claim but instance-identity
        // (judged above) count too, the worst finding deciding the claim (AppraisalFindings). Its affirmations add nothing
        // to what is appraised here.
        if (input.Vendor is { Vouched: true, Vector: { } vendorVector } vendor)
            foreach (var (claim, value) in vendorVector.Claims.Where(c => c.Key != TrustworthinessClaim.InstanceIdentity && TrustTiers.Of(c.Value) != TrustTier.Affirming))
                findings.Add(claim, value, $"{vendor.Verifier} says {EarClaimNames.VectorClaimName(claim)} {value} ({TrustworthinessValues.Describe(claim, value)})");
    }

    private static string Describe(byte[] hwmodel) => hwmodel.Length == RfcUuid.Length
        ? $"class-id {RfcUuid.FromBytes(hwmodel)}"
        : AppraisalText.Hex(hwmodel);

    private static string Vouching(AppraisalInput input) => input.Vendor is { } vendor
        ? $"the device holds the secret its manufacturer's factory embedded, as {vendor.Verifier} vouched"
        : Vouching(input.Key!);

    private static string Vouching(AttestationKey key) => key.Origin == AttestationKeyOrigin.Endorsed
        ? "the signing key is endorsed by the manufacturer's attestation endorsement CA"
        : $"the signing key was registered for the device by a security officer ({key.AddedBy})";
}
