using DeviceTrust.Attestation.Ear;

namespace DeviceTrust.Attestation.Tests.Ear;

/// <summary>EARs the tests share.</summary>
internal static class EarSamples
{
    public static readonly DateTimeOffset IssuedAt = DateTimeOffset.FromUnixTimeSeconds(1_765_000_000);

    public static readonly VerifierId Verifier = new("https://devicetrust.example", "devicetrust-verifier 0.1.0");

    /// <summary>Bytes whose base64 needs padding (5 bytes: "3q2-7_8") and uses both url-only characters.</summary>
    public static readonly byte[] RawEvidence = [0xde, 0xad, 0xbe, 0xef, 0xff];

    /// <summary>A 32-byte nonce whose base64url has '-' and '_' and whose standard base64 would need padding.</summary>
    public static readonly byte[] Nonce = Enumerable.Range(0, 32).Select(i => (byte)(0xfb + i * 7)).ToArray();

    public static TrustworthinessVector WarningVector => TrustworthinessVector.Empty
        .With(TrustworthinessClaim.InstanceIdentity, InstanceIdentityValues.Recognized)
        .With(TrustworthinessClaim.Executables, ExecutablesValues.Unrecognized)
        .With(TrustworthinessClaim.Hardware, HardwareValues.Genuine)
        .With(TrustworthinessClaim.StorageOpaque, -128);

    public static AttestationResult Full(params IEnumerable<string> policyIds) => new(IssuedAt, Verifier,
        new Dictionary<string, EarAppraisal>
        {
            ["device"] = new(TrustTier.Contraindicated, WarningVector, policyIds),
            ["tpm"] = EarAppraisal.FromVector(TrustworthinessVector.Empty.With(TrustworthinessClaim.Configuration, ConfigurationValues.Approved)),
            ["bare"] = new(TrustTier.None),
        },
        RawEvidence, Nonce);
}
