using System.Formats.Cbor;
using System.Security.Cryptography;
using DeviceTrust.Cose;

namespace DeviceTrust.Suit;

/// <summary>
/// Signs a manifest into an envelope (draft-ietf-suit-manifest-37, "Authenticated Manifests"):
/// <code>
/// SUIT_Authentication = [ bstr .cbor SUIT_Digest,            ; SHA-256 of the bstr-wrapped manifest, head included
///                         bstr .cbor COSE_Sign1_Tagged ]      ; payload nil, the encoded SUIT_Digest detached
/// </code>
/// </summary>
public static class SuitSigner
{
    /// <summary>Encodes <paramref name="manifest"/> (severing the members <see cref="SuitSignOptions.Sever"/> names),
    /// digests it and signs the digest with ES256 (-7) or ESP256 (-9).</summary>
    /// <returns>The encoded envelope.</returns>
    /// <exception cref="ArgumentException">The algorithm is not -7 or -9, or the key is not a P-256 private key.</exception>
    public static byte[] Sign(SuitManifest manifest, ECDsa privateKey, int algorithm, SuitSignOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(privateKey);
        options ??= new SuitSignOptions();
        if (algorithm is not (CoseAlgorithms.ES256 or CoseAlgorithms.ESP256))
            throw new ArgumentException($"SUIT signing here is ES256 ({CoseAlgorithms.ES256}) or ESP256 ({CoseAlgorithms.ESP256}), not {algorithm}.", nameof(algorithm));

        var severed = new SortedDictionary<int, byte[]>();
        var wrappedManifest = SuitWriting.Wrap(SuitEncoder.Manifest(manifest, options.Sever, severed));
        var encodedDigest = SuitEncoder.Digest(SuitDigest.Sha256Of(wrappedManifest));
        var detached = new CoseSignOptions { DetachedPayload = true };
        var signature = algorithm == CoseAlgorithms.ES256
            ? CoseSign1Signer.SignEs256(encodedDigest, privateKey, detached)
            : CoseSign1Signer.SignEsp256(encodedDigest, privateKey, detached);
        return SuitEncoder.Envelope(options.Tagged, SuitEncoder.Authentication(encodedDigest, [signature]), wrappedManifest,
            severed, options.IntegratedPayloads, new Dictionary<long, ReadOnlyMemory<byte>>());
    }
}
