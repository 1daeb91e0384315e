using DeviceTrust.Attestation;
using DeviceTrust.Attestation.Eat;

namespace DeviceTrust.Cli.Attestation;

/// <summary>
/// A decoded EAT as <c>eat decode</c> and <c>eat verify</c> report it: envelope, claims, and the DeviceTrust EAT
/// profile's problems (the envelope rules of <see cref="EatEvidence.Read"/>, or of <see cref="VendorEvidence.Read"/>
/// for MACed evidence, and the claims rules of <see cref="DeviceTrustEatProfile.Check"/>); <see cref="Verification"/>
/// when a key or secret was given.
/// </summary>
public sealed record EatInspection(string Wrapping, int Length, EatEnvelope Envelope, IReadOnlyList<ClaimEntry> Claims,
    IReadOnlyList<string> ProfileProblems, EatVerification? Verification = null)
{
    /// <summary>Decodes a COSE_Mac0 EAT when the tags say so (17, optionally inside 61), else a COSE_Sign1 EAT.</summary>
    /// <exception cref="AttestationFormatException">The bytes are not a COSE_Sign1 or COSE_Mac0 EAT with a claims-set
    /// payload.</exception>
    public static (IEatToken Token, EatInspection Inspection) Decode(EatInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (VendorEvidence.IsMacEnvelope(input.Data))
        {
            var maced = EatMacToken.Decode(input.Data);
            return (maced, Inspect(input, EatEnvelope.Of(maced), maced.Claims, () => VendorEvidence.Read(input.Data)));
        }
        var signed = EatToken.Decode(input.Data);
        return (signed, Inspect(input, EatEnvelope.Of(signed), signed.Claims, () => EatEvidence.Read(input.Data)));
    }

    private static EatInspection Inspect(EatInput input, EatEnvelope envelope, EatClaimsSet claims, Action readAsEvidence)
    {
        var problems = new List<string>();
        try
        {
            readAsEvidence();
        }
        catch (AttestationFormatException e)
        {
            problems.Add($"{e.Where}: {e.What}");
        }
        problems.AddRange(DeviceTrustEatProfile.Check(claims).Problems);
        return new EatInspection(input.Wrapping, input.Data.Length, envelope, EatClaimsView.Entries(claims), problems);
    }
}
