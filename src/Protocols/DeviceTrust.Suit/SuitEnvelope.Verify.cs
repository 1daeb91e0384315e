using System.Security.Cryptography;
using DeviceTrust.Cose;

namespace DeviceTrust.Suit;

/// <summary>
/// Authentication of an envelope (draft-ietf-suit-manifest-37, "Authenticated Manifests" and "Severable Elements"):
/// the manifest digest over the bstr-wrapped manifest including its byte-string head, a COSE_Sign1 over that digest
/// (the encoded SUIT_Digest as detached payload), and each severed member carried in the envelope against the digest
/// the manifest holds for it, again over the bstr-wrapped member with its head.
/// </summary>
public sealed partial class SuitEnvelope
{
    // The envelope carries a severed member under the key the manifest gives it (payload-fetch 16, install 20, text 23).
    private static readonly (int Key, string Name)[] SeverableMembers =
    [
        (SuitEnvelopeKeys.PayloadFetch, "payload-fetch"),
        (SuitEnvelopeKeys.Install, "install"),
        (SuitEnvelopeKeys.Text, "text"),
    ];

    /// <summary>Checks the manifest digest, that one COSE_Sign1 verifies with <paramref name="publicKey"/>
    /// (ES256 -7 or ESP256 -9 with a P-256 key), and every severed member present.</summary>
    public SuitVerification Verify(ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        var digests = VerifyDigests();
        if (!digests.IsVerified)
            return digests;
        if (Authentication.Signatures.Count == 0)
            return SuitVerification.Fail(SuitVerificationFailure.NoSignature, "the authentication wrapper holds no COSE_Sign1");
        foreach (var signature in Authentication.Signatures)
        {
            bool verified;
            try
            {
                verified = signature.VerifyDetached(publicKey, Authentication.EncodedDigest.Span);
            }
            catch (NotSupportedException e)
            {
                return SuitVerification.Fail(SuitVerificationFailure.UnsupportedSignatureAlgorithm, e.Message);
            }
            if (verified)
                return SuitVerification.Verified;
        }
        return SuitVerification.Fail(SuitVerificationFailure.SignatureInvalid, "signature does not verify");
    }

    /// <summary>The digest checks of <see cref="Verify"/> without the signature: the manifest digest and each severed
    /// member present. Says nothing about who made the manifest.</summary>
    public SuitVerification VerifyDigests()
    {
        var digest = Authentication.Digest;
        if (digest.Algorithm != CoseAlgorithms.Sha256)
            return SuitVerification.Fail(SuitVerificationFailure.UnsupportedDigestAlgorithm,
                $"digest algorithm {digest.Algorithm} is not supported (SHA-256, {CoseAlgorithms.Sha256}, is)");
        if (!digest.Matches(EncodedManifest.Span))
            return SuitVerification.Fail(SuitVerificationFailure.ManifestDigestMismatch, "manifest digest does not match");
        foreach (var (key, name) in SeverableMembers)
        {
            if (SeveredWrapped(key) is not { } wrapped)
                continue;
            if (Manifest.SeveredDigest(key) is not { } expected)
                return SuitVerification.Fail(SuitVerificationFailure.SeveredMemberNotSevered, Manifest.HasInline(key)
                    ? $"the envelope carries a severed {name} member, but the manifest holds {name} inline"
                    : $"the envelope carries a severed {name} member, but the manifest has no digest for it");
            if (expected.Algorithm != CoseAlgorithms.Sha256)
                return SuitVerification.Fail(SuitVerificationFailure.UnsupportedDigestAlgorithm,
                    $"the digest of the severed {name} member uses algorithm {expected.Algorithm} (SHA-256, {CoseAlgorithms.Sha256}, is supported)");
            if (!expected.Matches(wrapped.Span))
                return SuitVerification.Fail(SuitVerificationFailure.SeveredMemberMismatch, $"severed {name} member does not match its digest");
        }
        return SuitVerification.Verified;
    }

    private ReadOnlyMemory<byte>? SeveredWrapped(int key) => key switch
    {
        SuitEnvelopeKeys.PayloadFetch => SeveredPayloadFetch?.Wrapped,
        SuitEnvelopeKeys.Install => SeveredInstall?.Wrapped,
        SuitEnvelopeKeys.Text => SeveredText?.Wrapped,
        _ => null,
    };
}
