using System.Security.Cryptography;
using CsCheck;
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

    private sealed record Mutation(int Kind, double Position, byte Value)
    {
        // Heads that open structures, announce long lengths or end indefinite items: where decoders go wrong.
        private static readonly byte[] Interesting = [0x9F, 0xBF, 0xFF, 0x5B, 0x7B, 0x9B, 0xBB, 0x1B, 0xD8, 0xF9, 0xFB, 0xA0, 0x80];

        public byte[] Apply(byte[] input)
        {
            var at = Math.Min((int)(Position * input.Length), Math.Max(input.Length - 1, 0));
            var bytes = input.ToList();
            switch (Kind)
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << (Value % 8));
                    break;
                case 1:
                    bytes.Insert(at, Value);
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4 when bytes.Count > 0:
                    bytes[at] = Interesting[Value % Interesting.Length];
                    break;
            }
            return [.. bytes];
        }
    }

    private static readonly Gen<Mutation> OneMutation =
        Gen.Select(Gen.Int[0, 4], Gen.Double[0, 1], Gen.Byte, (kind, position, value) => new Mutation(kind, position, value));

    private static Gen<byte[]> Mutated(byte[][] seeds) =>
        Gen.Select(Gen.Int[0, seeds.Length - 1], OneMutation.Array[1, 4],
            (seed, mutations) => mutations.Aggregate(seeds[seed], (bytes, mutation) => mutation.Apply(bytes)));

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
