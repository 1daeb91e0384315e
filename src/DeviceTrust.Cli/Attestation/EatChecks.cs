using System.Security.Cryptography;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cli.Attestation;

/// <summary>The checks of <c>eat verify</c>: signed evidence with the attestation public key, MACed evidence with the
/// device's factory secret; the nonce alike for both.</summary>
public static class EatChecks
{
    /// <summary>The ES256 signature, the kid naming the key (SHA-256 of its SubjectPublicKeyInfo), and the nonce.</summary>
    public static EatVerification Signature(EatToken token, ECDsa key, string keyPath, byte[]? nonce)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(key);
        bool signature;
        string signatureDetail;
        try
        {
            signature = token.VerifySignature(key);
            signatureDetail = signature ? "valid" : "does not verify with the key";
        }
        catch (Exception e) when (e is NotSupportedException or CryptographicException or CborFormatException)
        {
            (signature, signatureDetail) = (false, $"cannot be checked: {e.Message}");
        }
        var keyId = Convert.ToHexStringLower(EatEvidence.KeyIdOf(key));
        var kidMatches = EatEvidence.KeyIdMatches(token, key);
        var kidDetail = kidMatches
            ? "names the key (SHA-256 of its SubjectPublicKeyInfo)"
            : token.KeyId is null
                ? $"absent; the key's kid is {keyId}"
                : $"{Convert.ToHexStringLower(token.KeyId)} does not name the key, whose kid is {keyId}";
        var (nonceMatches, nonceDetail) = Nonce(token, nonce);
        return new EatVerification(keyPath, EatVerification.Signature, signature, signatureDetail, kidMatches, kidDetail, nonceMatches, nonceDetail);
    }

    /// <summary>
    /// The HMAC 256/256 tag over the MAC_structure (RFC 9052 §6.3), the kid being the secret's id (not checked for a
    /// secret without one), and the nonce. No detail quotes the secret, only its id.
    /// </summary>
    public static EatVerification Tag(EatMacToken token, CoseSymmetricKey secret, string secretPath, byte[]? nonce)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(secret);
        bool tag;
        string tagDetail;
        try
        {
            tag = token.VerifyTag(secret);
            tagDetail = tag ? "valid" : "does not verify with the secret";
        }
        catch (NotSupportedException e)
        {
            (tag, tagDetail) = (false, $"cannot be checked: {e.Message}");
        }
        var (kidMatches, kidDetail) = KeyId(token.KeyId, secret.KeyId);
        var (nonceMatches, nonceDetail) = Nonce(token, nonce);
        return new EatVerification(secretPath, EatVerification.Tag, tag, tagDetail, kidMatches, kidDetail, nonceMatches, nonceDetail);
    }

    private static (bool? Matches, string Detail) KeyId(byte[]? tokenKid, ReadOnlyMemory<byte>? secretId)
    {
        if (secretId is not { } id)
            return (null, "not checked: the secret has no id (a bare secret)");
        var idHex = Convert.ToHexStringLower(id.Span);
        if (tokenKid is null)
            return (false, $"absent; the secret's id is {idHex}");
        return tokenKid.AsSpan().SequenceEqual(id.Span)
            ? (true, "names the secret (its id)")
            : (false, $"{Convert.ToHexStringLower(tokenKid)} is not the secret's id, {idHex}");
    }

    private static (bool? Matches, string? Detail) Nonce(IEatToken token, byte[]? nonce)
    {
        if (nonce is null)
            return (null, null);
        var carried = token.Claims.Nonce;
        var matches = carried?.Any(n => CryptographicOperations.FixedTimeEquals(n, nonce)) ?? false;
        return (matches, matches
            ? $"carries {Convert.ToHexStringLower(nonce)}"
            : carried is null
                ? "the token has no eat_nonce"
                : $"expected {Convert.ToHexStringLower(nonce)}, the token carries {string.Join(", ", carried.Select(Convert.ToHexStringLower))}");
    }
}
