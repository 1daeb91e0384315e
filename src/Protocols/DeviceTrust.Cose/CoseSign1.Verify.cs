using System.Security.Cryptography;

namespace DeviceTrust.Cose;

/// <summary>
/// Signature verification (RFC 9052 §4.4): the hash of the Sig_structure (<see cref="SigStructure"/>), fed from the
/// decoded message without building it, checked by .NET's ECDSA with a raw r||s signature (RFC 9053 §2.1) or RSASSA-PSS
/// for PS* (RFC 8230 §2). Not through System.Security.Cryptography.Cose, which signs here: it would decode the message a
/// second time (an eighth of an evidence appraisal), and refuses ESP256 (-9, RFC 9864) and an unprotected <c>alg</c>.
/// </summary>
public sealed partial class CoseSign1
{
    /// <summary>The Sig_structure bytes for the embedded payload.</summary>
    public byte[] ToBeSigned(ReadOnlySpan<byte> externalAad = default) =>
        SigStructure.Sign1(ProtectedHeaders, EncodedProtectedHeaders.Span, externalAad, RequireEmbedded().Span);

    /// <summary>The Sig_structure bytes for a detached payload supplied by the caller.</summary>
    public byte[] ToBeSignedDetached(ReadOnlySpan<byte> detachedPayload, ReadOnlySpan<byte> externalAad = default)
    {
        RequireDetached();
        return SigStructure.Sign1(ProtectedHeaders, EncodedProtectedHeaders.Span, externalAad, detachedPayload);
    }

    /// <summary>
    /// True when the signature over the embedded payload verifies with <paramref name="publicKey"/> (ECDsa or RSA).
    /// False for a wrong signature, or a key that does not fit the algorithm (type or, for ESP256, curve).
    /// </summary>
    /// <exception cref="NotSupportedException">The algorithm is EdDSA, a text value, or unknown.</exception>
    /// <exception cref="InvalidOperationException">The payload is detached; use <see cref="VerifyDetached"/>.</exception>
    public bool Verify(AsymmetricAlgorithm publicKey, ReadOnlySpan<byte> externalAad = default)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return VerifyCore(publicKey, RequireEmbedded().Span, externalAad);
    }

    /// <summary>Like <see cref="Verify"/>, for a message whose payload is nil and travels separately.</summary>
    public bool VerifyDetached(AsymmetricAlgorithm publicKey, ReadOnlySpan<byte> detachedPayload, ReadOnlySpan<byte> externalAad = default)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        RequireDetached();
        return VerifyCore(publicKey, detachedPayload, externalAad);
    }

    private bool VerifyCore(AsymmetricAlgorithm key, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> externalAad)
    {
        var scheme = SignatureScheme.For(Algorithm);
        if (!scheme.Fits(key))
            return false;

        Span<byte> hash = stackalloc byte[SHA512.HashSizeInBytes];
        hash = hash[..SigStructure.HashSign1(scheme.Hash, ProtectedHeaders, EncodedProtectedHeaders.Span, externalAad, payload, hash)];
        try
        {
            return key switch
            {
                // A signature of another length than the curve's r||s is refused as not verifying (RFC 9053 §2.1).
                ECDsa ecdsa => ecdsa.VerifyHash(hash, Signature.Span, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                RSA rsa => rsa.VerifyHash(hash, Signature.Span, scheme.Hash, RSASignaturePadding.Pss),
                _ => false,
            };
        }
        catch (CryptographicException)
        {
            // A key that cannot check this signature at all (an RSA key too short for PSS with this hash): not verified.
            return false;
        }
    }

    private ReadOnlyMemory<byte> RequireEmbedded() =>
        Payload ?? throw new InvalidOperationException("The COSE_Sign1 payload is detached (nil); supply it with the *Detached method.");

    private void RequireDetached()
    {
        if (Payload is not null)
            throw new InvalidOperationException("The COSE_Sign1 payload is embedded; use the method without a detached payload.");
    }
}
