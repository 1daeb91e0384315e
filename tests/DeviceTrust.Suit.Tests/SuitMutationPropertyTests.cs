using CsCheck;

namespace DeviceTrust.Suit.Tests;

/// <summary>
/// Property-based: the signed examples and TEEP envelopes with bytes flipped, inserted, deleted or cut off either decode
/// or are refused with <see cref="SuitFormatException"/>: never another exception type, never a hang. What decodes,
/// verifies to an answer (verified or a reason) without throwing.
/// </summary>
public sealed class SuitMutationPropertyTests
{
    private const int Iterations = 20_000;

    private static readonly byte[][] Envelopes =
    [
        .. Enumerable.Range(0, 6).Select(SuitVectors.Signed),
        SuitVectors.TeepHex("suit_personalization.hex.txt"),
        SuitVectors.TeepHex("suit_integrated.hex.txt"),
    ];

    private sealed record Mutation(int Kind, double Position, byte Value)
    {
        // Heads that open structures, announce long lengths or end indefinite items: where decoders go wrong.
        private static readonly byte[] Interesting = [0x9F, 0xBF, 0xFF, 0x5B, 0x7B, 0x9B, 0xBB, 0x1B, 0xD8, 0xF9, 0xFB, 0xA0, 0x80, 0xF6, 0xF5];

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

    private static readonly Gen<byte[]> Mutated =
        Gen.Select(Gen.Int[0, Envelopes.Length - 1], OneMutation.Array[1, 4],
            (seed, mutations) => mutations.Aggregate(Envelopes[seed], (bytes, mutation) => mutation.Apply(bytes)));

    [Fact(Timeout = 120_000)]
    public async Task Decode_MutatedEnvelope_DecodesOrFormatErrorOnly_AndVerifyAnswers() => await Task.Run(() =>
    {
        using var key = SuitVectors.PublicKey();
        Mutated.Sample(bytes =>
        {
            SuitEnvelope envelope;
            try
            {
                envelope = SuitEnvelope.Decode(bytes);
            }
            catch (SuitFormatException)
            {
                return;
            }
            var result = envelope.Verify(key);
            Assert.Equal(result.IsVerified, result.Reason is null);
        }, iter: Iterations);
    }, TestContext.Current.CancellationToken);
}
