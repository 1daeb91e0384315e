using System.Security.Cryptography;
using CsCheck;
using DeviceTrust.Suit.Reports;
using DeviceTrust.Testing;

namespace DeviceTrust.Suit.Tests.Reports;

/// <summary>
/// Property-based: valid encoded reports, bare and signed, with bytes flipped, inserted, deleted, cut off or replaced
/// by structure heads, either decode or are refused with <see cref="SuitFormatException"/>: never another exception.
/// What decodes re-encodes without throwing.
/// </summary>
public sealed class SuitReportMutationPropertyTests
{
    private const int Iterations = 20_000;
    private static Gen<byte[]> Mutated(byte[][] seeds) => CborMutations.Of(seeds);

    [Fact(Timeout = 120_000)]
    public async Task Decode_MutatedReport_DecodesOrFormatErrorOnly()
    {
        var (_, success) = await SuitReportSamples.Success();
        var (_, _, failure) = await SuitReportSamples.Failure();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[][] reports = [success.Encode(), failure.Encode()];
        byte[][] signed = [SuitReportSigner.Sign(success, key), SuitReportSigner.Sign(failure, key)];

        await Task.Run(() =>
        {
            Mutated(reports).Sample(bytes =>
            {
                try
                {
                    SuitReport.Decode(bytes).Encode();
                }
                catch (SuitFormatException)
                {
                }
            }, iter: Iterations);
            Mutated(signed).Sample(bytes =>
            {
                try
                {
                    SuitSignedReport.Decode(bytes).Verify(key);
                }
                catch (SuitFormatException)
                {
                }
            }, iter: Iterations / 4);
        }, TestContext.Current.CancellationToken);
    }
}
