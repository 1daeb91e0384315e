using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cose;

/// <summary>
/// A symmetric COSE_Key, such as the secret of an HMAC (<see cref="CoseMac0"/>). The key value has no public part, so
/// it is always encoded and exported whole.
/// <code>
/// COSE_Key = { 1 => tstr / int, ? 2 => bstr, ? 3 => tstr / int, * label => values }   ; RFC 9052 §7
/// Symmetric: kty 4, -1 => k : bstr                                                      ; RFC 9053 §7.3
/// </code>
/// </summary>
public sealed class CoseSymmetricKey
{
    private readonly byte[] _k;

    private CoseSymmetricKey(byte[] k, byte[]? keyId, CoseLabel? algorithm)
    {
        _k = k;
        if (keyId is not null)
            KeyId = keyId;   // as in CoseKey: a null array would become an empty, non-null ReadOnlyMemory
        Algorithm = algorithm;
    }

    /// <summary>The length of the key value in bytes.</summary>
    public int Length => _k.Length;

    public ReadOnlyMemory<byte>? KeyId { get; }

    /// <summary>The alg the key is restricted to, when it names one (RFC 9052 §7.1).</summary>
    public CoseLabel? Algorithm { get; }

    internal ReadOnlySpan<byte> Value => _k;

    /// <summary>A copy of the key value (k).</summary>
    public byte[] ExportKeyValue() => (byte[])_k.Clone();

    /// <exception cref="ArgumentException">The key value is empty.</exception>
    public static CoseSymmetricKey FromBytes(ReadOnlySpan<byte> k, ReadOnlyMemory<byte>? keyId = null, CoseLabel? algorithm = null)
    {
        if (k.IsEmpty)
            throw new ArgumentException("A symmetric key value must not be empty.", nameof(k));
        return new CoseSymmetricKey(k.ToArray(), keyId?.ToArray(), algorithm);
    }

    /// <summary>Encodes the key with its labels in deterministic order (RFC 8949 §4.2.1).</summary>
    public byte[] Encode()
    {
        var map = new DeterministicMapWriter()
            .Add(CoseKeyLabels.KeyType, writer => writer.WriteInt32(CoseKeyTypes.Symmetric))
            .Add(CoseKeyLabels.SymmetricK, writer => writer.WriteByteString(_k));
        if (KeyId is { } kid)
            map.Add(CoseKeyLabels.KeyId, writer => writer.WriteByteString(kid.Span));
        if (Algorithm is { } alg)
            map.Add(CoseKeyLabels.Algorithm, writer => DeterministicMapWriter.WriteLabel(writer, alg));
        return map.Encode();
    }

    /// <exception cref="CoseFormatException">Not a well-formed symmetric COSE_Key (k missing, empty or not a bstr).</exception>
    /// <exception cref="NotSupportedException">Another key type; an EC2 key is read with <see cref="CoseKey.Decode"/>.</exception>
    public static CoseSymmetricKey Decode(ReadOnlySpan<byte> encoded) =>
        CoseKeyDecoder.DecodeSymmetric(encoded.ToArray(), (k, kid, alg) => new CoseSymmetricKey(k, kid, alg));
}
