using System.Security.Cryptography;

namespace DeviceTrust.Cose;

/// <summary>
/// The HMAC algorithms of RFC 9053 §3.1 this library computes. Hand-written over
/// <see cref="CryptographicOperations.HmacData(HashAlgorithmName, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>:
/// System.Security.Cryptography.Cose has no COSE_Mac0 or COSE_Mac.
/// </summary>
internal sealed record MacScheme(int Algorithm, HashAlgorithmName Hash, int TagLength, int MinimumKeyLength)
{
    // RFC 9053 §3.1: the tag is the leftmost bits of the HMAC output (Table 3: 64 or 256 bits). RFC 2104 §3 discourages
    // keys shorter than the hash output; the truncation of 256/64 shortens the tag, not the hash, so both need 32 bytes.
    private static readonly MacScheme Hmac256_64 = new(CoseAlgorithms.HMAC256_64, HashAlgorithmName.SHA256, 8, 32);
    private static readonly MacScheme Hmac256_256 = new(CoseAlgorithms.HMAC256_256, HashAlgorithmName.SHA256, 32, 32);

    /// <summary>The scheme of a MAC algorithm this library computes, or null.</summary>
    public static MacScheme? Find(CoseLabel algorithm) => algorithm.Integer switch
    {
        CoseAlgorithms.HMAC256_64 => Hmac256_64,
        CoseAlgorithms.HMAC256_256 => Hmac256_256,
        _ => null,
    };

    /// <exception cref="NotSupportedException">Not HMAC 256/64 or HMAC 256/256.</exception>
    public static MacScheme For(CoseLabel algorithm)
    {
        if (Find(algorithm) is { } scheme)
            return scheme;
        if (algorithm.Integer is not { } value)
            throw new NotSupportedException($"COSE algorithm {algorithm} is a text value; no registered MAC algorithm has one (RFC 9052 §3.1).");
        var name = value is >= int.MinValue and <= int.MaxValue ? CoseAlgorithms.Describe((int)value) : $"algorithm {value}";
        throw new NotSupportedException($"COSE {name} is not a MAC algorithm this library " +
            $"supports; a COSE_Mac0 here uses {CoseAlgorithms.Describe(CoseAlgorithms.HMAC256_64)} or " +
            $"{CoseAlgorithms.Describe(CoseAlgorithms.HMAC256_256)} (RFC 9053 §3.1).");
    }

    /// <summary>
    /// Whether the key may be used with this algorithm: long enough, and restricted to no other alg
    /// (RFC 9052 §7.1: the application MUST verify that the key's alg matches the algorithm it is used with).
    /// </summary>
    public bool Fits(CoseSymmetricKey key) =>
        key.Length >= MinimumKeyLength && (key.Algorithm is not { } restricted || restricted == CoseLabel.Of(Algorithm));

    /// <summary>The tag: the HMAC of <paramref name="toBeMaced"/>, truncated to <see cref="TagLength"/>.</summary>
    public byte[] Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> toBeMaced) =>
        CryptographicOperations.HmacData(Hash, key, toBeMaced)[..TagLength];
}
