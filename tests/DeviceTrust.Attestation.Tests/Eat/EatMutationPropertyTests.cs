using System.Security.Cryptography;
using CsCheck;
using DeviceTrust.Testing;
using DeviceTrust.Attestation.Eat;

namespace DeviceTrust.Attestation.Tests.Eat;

/// <summary>
/// Property-based: valid claims-sets and tokens with bytes flipped, inserted, deleted or cut off either decode or are
/// refused with <see cref="AttestationFormatException"/>: never another exception type, never a hang. What decodes
/// also encodes again, to a fixed point.
/// </summary>
public sealed class EatMutationPropertyTests
{
    private const int Iterations = 20_000;

    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static readonly byte[][] ClaimsSets =
    [
        EatSamples.Full().Encode(),
        EatSamples.DeviceTrust().Encode(),
        EatValidationCases.Nested(EatClaimsSet.MaxSubmoduleDepth),
    ];

    private static readonly byte[][] Tokens =
    [
        EatEvidence.Build(EatSamples.DeviceTrust(), Key),
        EatEvidence.Build(EatSamples.DeviceTrust(), Key, new EatEvidenceOptions { CwtTag = false, IncludeType = true }),
    ];

    private static Gen<byte[]> Mutated(byte[][] seeds) => CborMutations.Of(seeds);

    [Fact(Timeout = 120_000)]
    public async Task Decode_MutatedClaimsSet_DecodesOrFormatErrorOnly() => await Task.Run(() =>
        Mutated(ClaimsSets).Sample(bytes =>
        {
            EatClaimsSet decoded;
            try
            {
                decoded = EatClaimsSet.Decode(bytes);
            }
            catch (AttestationFormatException)
            {
                return;
            }
            var encoded = decoded.Encode();
            Assert.Equal(encoded, EatClaimsSet.Decode(encoded).Encode());
        }, iter: Iterations), TestContext.Current.CancellationToken);

    [Fact(Timeout = 120_000)]
    public async Task Read_MutatedEvidence_ReadsOrFormatErrorOnly_AndVerifyAnswers() => await Task.Run(() =>
        Mutated(Tokens).Sample(bytes =>
        {
            EatToken token;
            try
            {
                token = EatEvidence.Read(bytes);
            }
            catch (AttestationFormatException)
            {
                return;
            }
            try
            {
                token.VerifySignature(Key);
            }
            catch (AttestationFormatException)
            {
            }
            DeviceTrustEatProfile.Check(token.Claims);
        }, iter: Iterations), TestContext.Current.CancellationToken);
}
