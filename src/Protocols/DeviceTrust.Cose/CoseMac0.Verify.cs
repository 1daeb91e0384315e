using System.Security.Cryptography;

namespace DeviceTrust.Cose;

/// <summary>Tag verification (RFC 9052 §6.3): the HMAC over the MAC_structure, compared in constant time.</summary>
public sealed partial class CoseMac0
{
    /// <summary>The MAC_structure bytes for the embedded payload.</summary>
    public byte[] ToBeMaced(ReadOnlySpan<byte> externalAad = default) =>
        MacStructure.Mac0(ProtectedHeaders, EncodedProtectedHeaders.Span, externalAad, RequireEmbedded().Span);

    /// <summary>The MAC_structure bytes for a detached payload supplied by the caller.</summary>
    public byte[] ToBeMacedDetached(ReadOnlySpan<byte> detachedPayload, ReadOnlySpan<byte> externalAad = default)
    {
        RequireDetached();
        return MacStructure.Mac0(ProtectedHeaders, EncodedProtectedHeaders.Span, externalAad, detachedPayload);
    }

    /// <summary>
    /// True when the tag over the embedded payload verifies with <paramref name="key"/>. False for a wrong tag, or a key
    /// that does not fit the algorithm: shorter than the hash output, or restricted to another alg (RFC 9052 §7.1).
    /// </summary>
    /// <exception cref="NotSupportedException">The algorithm is not HMAC 256/64 or HMAC 256/256.</exception>
    /// <exception cref="InvalidOperationException">The payload is detached; use <see cref="VerifyDetached"/>.</exception>
    public bool Verify(CoseSymmetricKey key, ReadOnlySpan<byte> externalAad = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return VerifyCore(key, RequireEmbedded().Span, externalAad);
    }

    /// <summary>Like <see cref="Verify"/>, for a message whose payload is nil and travels separately.</summary>
    public bool VerifyDetached(CoseSymmetricKey key, ReadOnlySpan<byte> detachedPayload, ReadOnlySpan<byte> externalAad = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        RequireDetached();
        return VerifyCore(key, detachedPayload, externalAad);
    }

    private bool VerifyCore(CoseSymmetricKey key, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> externalAad)
    {
        var scheme = MacScheme.For(Algorithm);
        if (!scheme.Fits(key))
            return false;
        var expected = scheme.Compute(key.Value, MacStructure.Mac0(ProtectedHeaders, EncodedProtectedHeaders.Span, externalAad, payload));
        // Constant time, so that the comparison does not tell an attacker how many leading bytes of a forged tag are right.
        return CryptographicOperations.FixedTimeEquals(expected, Tag.Span);
    }

    private ReadOnlyMemory<byte> RequireEmbedded() =>
        Payload ?? throw new InvalidOperationException("The COSE_Mac0 payload is detached (nil); supply it with the *Detached method.");

    private void RequireDetached()
    {
        if (Payload is not null)
            throw new InvalidOperationException("The COSE_Mac0 payload is embedded; use the method without a detached payload.");
    }
}
