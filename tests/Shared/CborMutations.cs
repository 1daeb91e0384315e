using CsCheck;

namespace DeviceTrust.Testing;

/// <summary>
/// Mutated encodings for the decoders' property tests: valid seeds with one to four bytes flipped, inserted, deleted, cut
/// off from there on, or replaced by a CBOR head that opens a structure, announces a long length or ends an indefinite
/// item (where decoders go wrong). Linked into each protocol test project that needs it.
/// </summary>
public static class CborMutations
{
    private static readonly byte[] Interesting = [0x9F, 0xBF, 0xFF, 0x5B, 0x7B, 0x9B, 0xBB, 0x1B, 0xD8, 0xF9, 0xFB, 0xA0, 0x80, 0xF6, 0xF5, 0xF4, 0x18, 0x38];

    public static Gen<byte[]> Of(IReadOnlyList<byte[]> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Select(Gen.Int[0, 4], Gen.Double[0, 1], Gen.Byte).Array[1, 4],
            (seed, mutations) => mutations.Aggregate(seeds[seed], (bytes, m) => Apply(bytes, m.Item1, m.Item2, m.Item3)));

    private static byte[] Apply(byte[] input, int kind, double position, byte value)
    {
        var at = Math.Min((int)(position * input.Length), Math.Max(input.Length - 1, 0));
        var bytes = input.ToList();
        switch (kind)
        {
            case 0 when bytes.Count > 0:
                bytes[at] ^= (byte)(1 << (value % 8));
                break;
            case 1:
                bytes.Insert(at, value);
                break;
            case 2 when bytes.Count > 0:
                bytes.RemoveAt(at);
                break;
            case 3:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 4 when bytes.Count > 0:
                bytes[at] = Interesting[value % Interesting.Length];
                break;
        }
        return [.. bytes];
    }
}
