using System.Security.Cryptography;
using NetCose = System.Security.Cryptography.Cose;

namespace DeviceTrust.Cose;

/// <summary>
/// Signature verification (RFC 9052 §4.4). ES256/384/512 and PS256/384/512 with a protected <c>alg</c> go through
/// System.Security.Cryptography.Cose. It refuses ESP256 (-9, RFC 9864) and an <c>alg</c> outside the protected
/// bucket, so those take the hand-written Sig_structure path (<see cref="SigStructure"/>): ECDSA over the
/// ToBeSigned bytes with a raw r||s signature (RFC 9053 §2.1), RSASSA-PSS for PS* (RFC 8230 §2).
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
        return VerifyCore(publicKey, RequireEmbedded().Span, externalAad, detached: false);
    }

    /// <summary>Like <see cref="Verify"/>, for a message whose payload is nil and travels separately.</summary>
    public bool VerifyDetached(AsymmetricAlgorithm publicKey, ReadOnlySpan<byte> detachedPayload, ReadOnlySpan<byte> externalAad = default)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        RequireDetached();
        return VerifyCore(publicKey, detachedPayload, externalAad, detached: true);
    }

    private bool VerifyCore(AsymmetricAlgorithm key, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> externalAad, bool detached)
    {
        var scheme = SignatureScheme.For(Algorithm);
        if (!scheme.Fits(key))
            return false;
        if (AlgorithmIsProtected && scheme.NetCoseSupports)
            return VerifyWithNetCose(key, payload, externalAad, detached);

        var toBeSigned = SigStructure.Sign1(ProtectedHeaders, EncodedProtectedHeaders.Span, externalAad, payload);
        return key switch
        {
            ECDsa ecdsa => ecdsa.VerifyData(toBeSigned, Signature.Span, scheme.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            RSA rsa => rsa.VerifyData(toBeSigned, Signature.Span, scheme.Hash, RSASignaturePadding.Pss),
            _ => false,
        };
    }

    private bool VerifyWithNetCose(AsymmetricAlgorithm key, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> externalAad, bool detached)
    {
        NetCose.CoseSign1Message message;
        try
        {
            message = NetCose.CoseMessage.DecodeSign1(Encoded.Span);
        }
        catch (CryptographicException e)
        {
            throw new CoseFormatException(Where, $"System.Security.Cryptography.Cose refused the message ({e.Message})", e);
        }
        try
        {
            return detached ? message.VerifyDetached(key, payload, externalAad) : message.VerifyEmbedded(key, externalAad);
        }
        catch (CryptographicException)
        {
            // The library throws rather than answering false when the key cannot check this signature.
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
