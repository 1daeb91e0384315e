using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace DeviceTrust.Cose;

/// <summary>
/// COSE_Key to and from JWK (RFC 9052 §7, RFC 9053 §7.1.1 and §7.3; RFC 7517, RFC 7518 §6): EC2 keys on P-256, P-384
/// and P-521 are <c>"kty": "EC"</c>, symmetric keys <c>"kty": "oct"</c>. Coordinates, d and k are the same octets
/// (bstr in COSE, unpadded base64url in JOSE); kid is the UTF-8 of the JWK string; alg maps only where both
/// registries name the same algorithm. use and key_ops are not carried. A malformed JWK raises
/// <see cref="CoseFormatException"/> at "JWK member"; a key type, curve or alg outside this mapping raises
/// <see cref="NotSupportedException"/>.
/// </summary>
public static class CoseJwk
{
    /// <summary>The JWK of an EC2 key; d only when <paramref name="includePrivateKey"/>.</summary>
    /// <exception cref="ArgumentException">The private part is asked for and the key has none.</exception>
    /// <exception cref="NotSupportedException">The key's alg or kid has no JWK form.</exception>
    public static JsonWebKey ToJwk(CoseKey key, bool includePrivateKey = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (includePrivateKey && !key.HasPrivateKey)
            throw new ArgumentException("The private part (d) is asked for, and the key has none.", nameof(key));
        var parameters = key.ToECParameters();
        try
        {
            var jwk = new JsonWebKey
            {
                Kty = JsonWebAlgorithmsKeyTypes.EllipticCurve,
                Crv = JoseNames.Curve(key.Curve),
                X = JwkMembers.Encode(parameters.Q.X!),
                Y = JwkMembers.Encode(parameters.Q.Y!),
            };
            if (includePrivateKey)
                jwk.D = JwkMembers.Encode(parameters.D!);
            SetCommon(jwk, key.KeyId, JoseNames.Algorithm(key.Algorithm, key.Curve));
            return jwk;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    /// <summary>The JWK of a symmetric key. k is the whole key, so it is always included.</summary>
    /// <exception cref="NotSupportedException">The key's alg or kid has no JWK form.</exception>
    public static JsonWebKey ToJwk(CoseSymmetricKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var jwk = new JsonWebKey { Kty = JsonWebAlgorithmsKeyTypes.Octet, K = JwkMembers.Encode(key.Value) };
        SetCommon(jwk, key.KeyId, JoseNames.Algorithm(key.Algorithm, curve: null));
        return jwk;
    }

    /// <summary>The EC2 COSE_Key of an <c>"kty": "EC"</c> JWK; d only when <paramref name="includePrivateKey"/>.</summary>
    /// <exception cref="CoseFormatException">A member is missing, not unpadded base64url, of the wrong length, not a
    /// point on the curve, or alg names another curve (RFC 7518 §3.4, §6.2).</exception>
    /// <exception cref="NotSupportedException">Another kty or crv, or an alg outside the mapping.</exception>
    /// <exception cref="ArgumentException">The private part is asked for and the JWK has no d.</exception>
    public static CoseKey ToCoseKey(JsonWebKey jwk, bool includePrivateKey = false)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        var kty = JwkMembers.Require(jwk.Kty, "kty");
        if (kty != JsonWebAlgorithmsKeyTypes.EllipticCurve)
            throw new NotSupportedException(kty == JsonWebAlgorithmsKeyTypes.Octet
                ? "JWK: kty \"oct\" is a symmetric key; convert it with CoseJwk.ToSymmetricKey."
                : $"JWK: kty \"{kty}\" is not supported; \"EC\" and \"oct\" are (RFC 7518 §6.1).");
        var curve = JoseNames.CoseCurve(JwkMembers.Require(jwk.Crv, "crv"));
        var algorithm = JoseNames.CoseAlgorithm(jwk.Alg, curve);
        var length = EcCurves.CoordinateLength(curve);
        if (includePrivateKey && !JwkMembers.IsPresent(jwk.D))
            throw new ArgumentException("The private part (d) is asked for, and the JWK has none.", nameof(jwk));

        var parameters = new ECParameters
        {
            Curve = EcCurves.ToNetCurve(curve),
            Q = new ECPoint { X = JwkMembers.Octets(jwk.X, "x", length), Y = JwkMembers.Octets(jwk.Y, "y", length) },
            D = includePrivateKey ? JwkMembers.Octets(jwk.D, "d", length) : null,
        };
        try
        {
            try
            {
                using var probe = ECDsa.Create(parameters);   // import checks the point (and that d matches it)
            }
            catch (CryptographicException e)
            {
                throw new CoseFormatException("JWK", "the key is not a valid point (and scalar) on its curve (RFC 7518 §6.2.1)", e);
            }
            return CoseKey.FromECParameters(parameters, includePrivateKey, JwkMembers.CoseKeyId(jwk.Kid), algorithm);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    /// <summary>The symmetric COSE_Key of an <c>"kty": "oct"</c> JWK.</summary>
    /// <exception cref="CoseFormatException">k is missing, empty or not unpadded base64url, alg names an
    /// asymmetric algorithm, or k is shorter than HS256 requires (RFC 7518 §3.2).</exception>
    /// <exception cref="NotSupportedException">Another kty, or an alg outside the mapping.</exception>
    public static CoseSymmetricKey ToSymmetricKey(JsonWebKey jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        var kty = JwkMembers.Require(jwk.Kty, "kty");
        if (kty != JsonWebAlgorithmsKeyTypes.Octet)
            throw new NotSupportedException(kty == JsonWebAlgorithmsKeyTypes.EllipticCurve
                ? "JWK: kty \"EC\" is an EC2 key; convert it with CoseJwk.ToCoseKey."
                : $"JWK: kty \"{kty}\" is not a symmetric key (\"oct\", RFC 7518 §6.4).");
        var k = JwkMembers.Octets(jwk.K, "k", expectedLength: null);
        try
        {
            if (k.Length == 0)
                throw new CoseFormatException("JWK k", "the key value is empty (RFC 7518 §6.4.1)");
            var algorithm = JoseNames.CoseAlgorithm(jwk.Alg, curve: null);
            // RFC 7518 §3.2: "A key of the same size as the hash output (for instance, 256 bits for "HS256") or larger
            // MUST be used with this algorithm."
            if (algorithm is { } alg && MacScheme.Find(alg) is { } scheme && k.Length < scheme.MinimumKeyLength)
                throw new CoseFormatException("JWK k", $"{jwk.Alg} needs a key of at least {scheme.MinimumKeyLength} bytes, " +
                    $"found {k.Length} (RFC 7518 §3.2)");
            return CoseSymmetricKey.FromBytes(k, JwkMembers.CoseKeyId(jwk.Kid), algorithm);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(k);
        }
    }

    private static void SetCommon(JsonWebKey jwk, ReadOnlyMemory<byte>? keyId, string? algorithm)
    {
        if (keyId is { } kid)
            jwk.Kid = JwkMembers.JoseKeyId(kid);
        if (algorithm is not null)
            jwk.Alg = algorithm;
    }
}
