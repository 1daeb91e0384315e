using CsCheck;
using DeviceTrust.Testing;

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

    private static readonly Gen<byte[]> Mutated = CborMutations.Of(Envelopes);

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
