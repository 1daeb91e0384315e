using System.Formats.Cbor;
using System.Security.Cryptography;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Suit;

/// <summary>
/// A digest and the COSE hash algorithm that made it.
/// <code>
/// SUIT_Digest = [ suit-digest-algorithm-id : suit-cose-hash-algs,
///                 suit-digest-bytes : bstr ]
/// suit-cose-hash-algs /= cose-alg-sha-256          ; -16, mandatory to implement
/// </code>
/// </summary>
public sealed record SuitDigest(long Algorithm, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>Whether this digest is of <paramref name="data"/>; false for an algorithm other than SHA-256 (-16).</summary>
    /// <exception cref="NotSupportedException">The algorithm is not SHA-256, the one this library computes.</exception>
    public bool Matches(ReadOnlySpan<byte> data)
    {
        if (Algorithm != CoseAlgorithms.Sha256)
            throw new NotSupportedException($"SUIT digest algorithm {Algorithm} is not supported; only SHA-256 ({CoseAlgorithms.Sha256}) is.");
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, hash);
        return CryptographicOperations.FixedTimeEquals(hash, Bytes.Span);
    }

    /// <summary>The SHA-256 (-16) digest of <paramref name="data"/>.</summary>
    public static SuitDigest Sha256Of(ReadOnlySpan<byte> data) => new(CoseAlgorithms.Sha256, SHA256.HashData(data));

    internal static SuitDigest Read(CborReader reader, string where) => Read(reader, CborPath.Root(where));

    internal static SuitDigest Read(CborReader reader, CborPath where)
    {
        SuitReading.Expect(reader, CborReaderState.StartArray, where, "a SUIT_Digest array");
        var count = reader.ReadStartArray();
        if (count != 2)
            throw SuitReading.Fail(where, $"a SUIT_Digest is [algorithm-id, digest-bytes], found {(count is null ? "an indefinite array" : $"{count} items")}");
        var algorithm = SuitReading.Integer(reader, where.Item(0, "algorithm-id"));
        var bytes = SuitReading.Bytes(reader, where.Item(1, "digest-bytes"));
        reader.ReadEndArray();
        return new SuitDigest(algorithm, bytes);
    }
}
