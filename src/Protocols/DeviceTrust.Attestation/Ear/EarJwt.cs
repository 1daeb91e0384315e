using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DeviceTrust.Attestation.Ear;

/// <summary>
/// An EAR as a JWT (draft-ietf-rats-ear-03 §3; RFC 7519) signed with ES256 (RFC 7518 §3.4), as Veraison issues it:
/// header {"alg":"ES256","typ":"JWT"} (plus "kid"), payload the JSON claims-set of <see cref="EarJson"/>. Signing and
/// signature checking are Microsoft.IdentityModel's <see cref="JsonWebTokenHandler"/>; this class fixes the algorithm
/// and turns the outcomes into a format error or an <see cref="EarVerification"/>.
/// </summary>
public static class EarJwt
{
    private const string Where = "EAR JWT";
    private const string CritHeader = "crit";   // RFC 7515 §4.1.11; IdentityModel names no constant for it

    /// <summary>Signs <paramref name="result"/> with a P-256 private key.</summary>
    /// <param name="keyId">The "kid" header; the key's RFC 7638 thumbprint when null, matching <see cref="EarVerificationKey.KeyId"/>.</param>
    /// <exception cref="ArgumentException">The key is not a P-256 private key.</exception>
    public static string Sign(AttestationResult result, ECDsa signingKey, string? keyId = null, EarClaimNames? names = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(signingKey);
        EarSigningKeys.RequireP256(signingKey.ExportParameters(includePrivateParameters: false), nameof(signingKey));
        keyId ??= EarVerificationKey.FromECDsa(signingKey).KeyId;
        var securityKey = new ECDsaSecurityKey(signingKey) { KeyId = keyId, CryptoProviderFactory = UncachedProviders() };
        var credentials = new SigningCredentials(securityKey, SecurityAlgorithms.EcdsaSha256);
        var payload = EarJson.EncodeToString(result, names);
        try
        {
            // The string-payload overload signs the claims as given: it adds no iat, nbf or exp of its own.
            return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(payload, credentials);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"The key cannot sign (a public key only?): {e.Message}", nameof(signingKey), e);
        }
    }

    /// <summary>
    /// Verifies an EAR JWT with the verifier's public key and reads its claims-set. Only ES256 is accepted: "none",
    /// HS256 (RFC 8725 §2.1: a public key used as an HMAC secret) and every other alg are refused before any
    /// cryptography. Expiry is not checked here: an EAR's freshness is the relying party's policy (its nonce, iat).
    /// </summary>
    /// <exception cref="AttestationFormatException">Not a JWS compact serialization, a header or payload that is not
    /// JSON, a header without alg, or a payload that is not an EAR of the profile in use.</exception>
    /// <exception cref="NotSupportedException">The header has a "crit" parameter; this profile understands no
    /// extension, so RFC 7515 §4.1.11 requires refusing the token.</exception>
    public static async Task<EarVerification> VerifyAsync(string token, EarVerificationKey key, EarClaimNames? names = null)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(key);
        var handler = new JsonWebTokenHandler();
        var jwt = Read(handler, token);
        var keyId = string.IsNullOrEmpty(jwt.Kid) ? null : jwt.Kid;
        if (string.IsNullOrEmpty(jwt.Alg))
            throw new AttestationFormatException(Where, "the header has no alg (RFC 7515 §4.1.1: alg MUST be present)");
        if (jwt.TryGetHeaderValue<object>(CritHeader, out _))
            throw new NotSupportedException("The EAR JWT header has a crit parameter, and no JWS extension is understood (RFC 7515 §4.1.11).");
        if (jwt.Alg != SecurityAlgorithms.EcdsaSha256)
            return EarVerification.Refused(EarVerificationFailure.AlgorithmNotAllowed, $"alg \"{jwt.Alg}\" is not ES256", keyId);

        var validation = await handler.ValidateTokenAsync(jwt, Parameters(key)).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            if (validation.Exception is SecurityTokenMalformedException malformed)
                throw new AttestationFormatException(Where, malformed.Message, malformed);
            return EarVerification.Refused(EarVerificationFailure.SignatureInvalid,
                validation.Exception?.Message ?? "the signature does not verify", keyId);
        }
        var payload = Decode(jwt.EncodedPayload, "payload");
        return EarVerification.Verified(EarJson.Decode(payload, names), keyId);
    }

    private static JsonWebToken Read(JsonWebTokenHandler handler, string token)
    {
        // Three segments is a JWS (RFC 7515 §7.1); five would be a JWE, which an EAR never is.
        if (token.Count(c => c == '.') != 2)
            throw new AttestationFormatException(Where, "not a JWS compact serialization (RFC 7515 §7.1: three base64url parts)");
        try
        {
            return handler.ReadJsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException)
        {
            throw new AttestationFormatException(Where, $"not a JWT: {e.Message}", e);
        }
    }

    /// <summary>
    /// IdentityModel caches signature providers by key thumbprint and algorithm; a cached provider keeps the ECDsa it
    /// was made with, which the caller may dispose and later re-create from the same key material. Not caching keeps
    /// every signature and check on the key object in hand.
    /// </summary>
    private static CryptoProviderFactory UncachedProviders() => new() { CacheSignatureProviders = false };

    private static TokenValidationParameters Parameters(EarVerificationKey key) => new()
    {
        IssuerSigningKey = WithUncachedProviders(key.SecurityKey()),
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        RequireSignedTokens = true,
        TryAllIssuerSigningKeys = true,
        // An EAR has no iss or aud, and its freshness is the relying party's to judge (see VerifyAsync).
        ValidateIssuer = false,
        ValidateAudience = false,
        ValidateLifetime = false,
        RequireExpirationTime = false,
        ValidateIssuerSigningKey = false,
    };

    private static ECDsaSecurityKey WithUncachedProviders(ECDsaSecurityKey key)
    {
        key.CryptoProviderFactory = UncachedProviders();
        return key;
    }

    private static byte[] Decode(string segment, string part)
    {
        try
        {
            return Base64UrlEncoder.DecodeBytes(segment);
        }
        catch (FormatException e)
        {
            throw new AttestationFormatException($"{Where} {part}", "not base64url", e);
        }
    }
}
