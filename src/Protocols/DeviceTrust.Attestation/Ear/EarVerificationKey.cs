using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace DeviceTrust.Attestation.Ear;

/// <summary>
/// The public key that verifies a verifier's EAR JWTs: an EC P-256 key for ES256 (RFC 7518 §3.4), with a key id.
/// Built from an <see cref="ECDsa"/> or from a JWK (RFC 7517, RFC 7518 §6.2), and published as a JWK in Veraison's
/// discovery document (<c>ear-verification-key</c>). The JWK work is Microsoft.IdentityModel's
/// (<see cref="JsonWebKeyConverter"/>); only the P-256 and no-private-part checks are ours.
/// </summary>
public sealed class EarVerificationKey
{
    private readonly ECParameters _publicParameters;

    private EarVerificationKey(ECParameters publicParameters, string keyId)
    {
        _publicParameters = publicParameters;
        KeyId = keyId;
    }

    /// <summary>The key id: the one given, or the RFC 7638 JWK thumbprint (base64url SHA-256) when none was.</summary>
    public string KeyId { get; }

    /// <summary>The public half of <paramref name="key"/>, which must be on P-256.</summary>
    /// <exception cref="ArgumentException">The key is not on P-256.</exception>
    public static EarVerificationKey FromECDsa(ECDsa key, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parameters = key.ExportParameters(includePrivateParameters: false);
        EarSigningKeys.RequireP256(parameters, nameof(key));
        return new EarVerificationKey(parameters, keyId ?? Thumbprint(parameters));
    }

    /// <summary>A public JWK: kty EC, crv P-256, x, y; alg, when present, ES256; no private part.</summary>
    /// <exception cref="ArgumentException">Another key type, curve or algorithm, a private part, or bad coordinates.</exception>
    public static EarVerificationKey FromJwk(JsonWebKey jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        if (jwk.Kty != JsonWebAlgorithmsKeyTypes.EllipticCurve || jwk.Crv != JsonWebKeyECTypes.P256)
            throw new ArgumentException($"An EAR verification key is an EC P-256 JWK, not kty \"{jwk.Kty}\" crv \"{jwk.Crv}\".", nameof(jwk));
        if (!string.IsNullOrEmpty(jwk.Alg) && jwk.Alg != SecurityAlgorithms.EcdsaSha256)
            throw new ArgumentException($"The JWK is for alg \"{jwk.Alg}\"; EAR verification uses ES256.", nameof(jwk));
        if (jwk.HasPrivateKey)
            throw new ArgumentException("The JWK holds a private key (\"d\"); publish and configure only the public key.", nameof(jwk));
        if (!JsonWebKeyConverter.TryConvertToSecurityKey(jwk, out var converted) || converted is not ECDsaSecurityKey ecKey)
            throw new ArgumentException("The JWK does not hold a usable EC public key.", nameof(jwk));
        var parameters = ecKey.ECDsa.ExportParameters(includePrivateParameters: false);
        EarSigningKeys.RequireP256(parameters, nameof(jwk));
        return new EarVerificationKey(parameters, string.IsNullOrEmpty(jwk.Kid) ? Thumbprint(parameters) : jwk.Kid);
    }

    /// <summary>A JWK in its JSON text (RFC 7517 §4).</summary>
    /// <exception cref="ArgumentException">Not a JWK, or not an EC P-256 public key as <see cref="FromJwk(JsonWebKey)"/> requires.</exception>
    public static EarVerificationKey FromJwk(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonWebKey jwk;
        try
        {
            jwk = JsonWebKey.Create(json);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Not a JWK: {e.Message}", nameof(json), e);
        }
        return FromJwk(jwk);
    }

    /// <summary>The key as a JWK with kty, crv, x, y, alg ES256 and kid, for a discovery document.</summary>
    public JsonWebKey ToJwk()
    {
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(SecurityKey());
        jwk.Alg = SecurityAlgorithms.EcdsaSha256;
        return jwk;
    }

    /// <summary>The JWK as JSON: {"kty":"EC","crv":"P-256","x":...,"y":...,"alg":"ES256","kid":...}.</summary>
    public string ToJwkJson()
    {
        // Microsoft.IdentityModel 8 has no public JWK serializer; the members come from its converter above.
        var jwk = ToJwk();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(JsonWebKeyParameterNames.Kty, jwk.Kty);
            writer.WriteString(JsonWebKeyParameterNames.Crv, jwk.Crv);
            writer.WriteString(JsonWebKeyParameterNames.X, jwk.X);
            writer.WriteString(JsonWebKeyParameterNames.Y, jwk.Y);
            writer.WriteString(JsonWebKeyParameterNames.Alg, jwk.Alg);
            writer.WriteString(JsonWebKeyParameterNames.Kid, jwk.Kid);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The key in PEM SubjectPublicKeyInfo form (RFC 7468 §13), for tools that take PEM.</summary>
    public string ToPem()
    {
        using var key = ECDsa.Create(_publicParameters);
        return key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>A fresh ECDsa over a copy of the public parameters; the caller disposes it.</summary>
    internal ECDsa CreateECDsa() => ECDsa.Create(_publicParameters);

    /// <summary>A fresh IdentityModel key over a copy of the public parameters; the caller's ECDsa is never held.</summary>
    internal ECDsaSecurityKey SecurityKey() => new(ECDsa.Create(_publicParameters)) { KeyId = KeyId };

    private static string Thumbprint(ECParameters parameters)
    {
        using var key = ECDsa.Create(parameters);
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(key));
        return Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint());
    }
}
