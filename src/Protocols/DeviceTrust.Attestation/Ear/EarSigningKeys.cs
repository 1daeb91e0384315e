using System.Security.Cryptography;

namespace DeviceTrust.Attestation.Ear;

/// <summary>The one curve EAR JWTs are signed on here: P-256 for ES256 (RFC 7518 §3.4).</summary>
internal static class EarSigningKeys
{
    private const string P256Oid = "1.2.840.10045.3.1.7";   // secp256r1, RFC 5480 §2.1.1.1

    /// <exception cref="ArgumentException">The parameters are not of a named P-256 key.</exception>
    public static void RequireP256(ECParameters parameters, string parameterName)
    {
        var curve = parameters.Curve;
        var isP256 = curve.IsNamed && (curve.Oid.Value == P256Oid
            || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "secP256r1");
        if (!isP256)
            throw new ArgumentException($"EAR JWTs use ES256, which needs a P-256 key, not {curve.Oid.FriendlyName ?? curve.Oid.Value ?? "an explicit curve"}.",
                parameterName);
    }
}
