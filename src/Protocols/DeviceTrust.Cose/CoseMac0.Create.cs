using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cose;

/// <summary>Optional parts of a COSE_Mac0 this application creates.</summary>
public sealed record CoseMacOptions
{
    /// <summary>kid, placed in the unprotected header (RFC 9052 §3.1); the key's own kid when null.</summary>
    public ReadOnlyMemory<byte>? KeyId { get; init; }

    /// <summary>typ (RFC 9596), the media type of the whole message, placed in the protected header.</summary>
    public string? Type { get; init; }

    /// <summary>When true the payload is nil in the message and travels separately (RFC 9052 §6.2).</summary>
    public bool DetachedPayload { get; init; }

    /// <summary>external_aad of the MAC_structure (RFC 9052 §6.3).</summary>
    public ReadOnlyMemory<byte> ExternalAad { get; init; }

    /// <summary>When true the tagged COSE_Mac0 is wrapped in the CWT tag 61 (RFC 8392 §6): <c>61(17([...]))</c>.</summary>
    public bool CwtTag { get; init; }
}

public sealed partial class CoseMac0
{
    /// <summary>
    /// Creates a tagged COSE_Mac0 (RFC 9052 §6.2) with <c>alg</c> (and <c>typ</c>, when given) in the protected
    /// header, its maps in deterministic order (RFC 8949 §4.2.1).
    /// </summary>
    /// <param name="algorithm"><see cref="CoseAlgorithms.HMAC256_256"/> or <see cref="CoseAlgorithms.HMAC256_64"/>.</param>
    /// <exception cref="NotSupportedException">The algorithm is not one of those.</exception>
    /// <exception cref="ArgumentException">The key is shorter than the hash output (32 bytes; RFC 9053 §3.1,
    /// RFC 2104 §3) or is restricted to another alg (RFC 9052 §7.1).</exception>
    public static byte[] Create(ReadOnlySpan<byte> payload, CoseSymmetricKey key, int algorithm, CoseMacOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        options ??= new CoseMacOptions();
        var scheme = MacScheme.For(algorithm);
        if (key.Length < scheme.MinimumKeyLength)
            throw new ArgumentException($"{CoseAlgorithms.Describe(algorithm)} needs a key of at least {scheme.MinimumKeyLength} bytes, " +
                $"the hash output; this one has {key.Length} (RFC 9053 §3.1, RFC 2104 §3).", nameof(key));
        if (!scheme.Fits(key))
            throw new ArgumentException($"The key is restricted to alg {key.Algorithm}, not {CoseAlgorithms.Describe(algorithm)} (RFC 9052 §7.1).", nameof(key));

        var protectedMap = new DeterministicMapWriter().Add(CoseHeaderLabels.Algorithm, writer => writer.WriteInt32(algorithm));
        if (options.Type is { } type)
            protectedMap.Add(CoseHeaderLabels.Type, writer => writer.WriteTextString(type));
        var encodedProtected = protectedMap.Encode();
        var unprotectedMap = new DeterministicMapWriter();
        if ((options.KeyId ?? key.KeyId) is { } kid)
            unprotectedMap.Add(CoseHeaderLabels.KeyId, writer => writer.WriteByteString(kid.Span));

        var tag = scheme.Compute(key.Value, MacStructure.Mac0(encodedProtected, options.ExternalAad.Span, payload));

        return CoseMessageWriter.Write(CoseTags.Mac0, encodedProtected, unprotectedMap, payload, options.DetachedPayload, tag, options.CwtTag);
    }
}
