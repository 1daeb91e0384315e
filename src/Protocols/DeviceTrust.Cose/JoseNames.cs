using Microsoft.IdentityModel.Tokens;

namespace DeviceTrust.Cose;

/// <summary>
/// The JOSE names of the COSE curves and algorithms that <see cref="CoseJwk"/> maps. The JOSE strings are
/// Microsoft.IdentityModel's constants; the COSE numbers are <see cref="CoseKeyTypes"/> and <see cref="CoseAlgorithms"/>.
/// </summary>
internal static class JoseNames
{
    // RFC 9053 §7.1 and RFC 7518 §6.2.1.1 name the same three NIST curves.
    private static readonly (int Cose, string Jose)[] Curves =
    [
        (CoseKeyTypes.CurveP256, JsonWebKeyECTypes.P256),
        (CoseKeyTypes.CurveP384, JsonWebKeyECTypes.P384),
        (CoseKeyTypes.CurveP521, JsonWebKeyECTypes.P521),
    ];

    // Where both registries name the same algorithm (RFC 9053 §2.1, §3.1; RFC 7518 §3.1). JOSE fixes the curve of
    // ES256/384/512 (RFC 7518 §3.4); a null curve means a symmetric key.
    private static readonly (int Cose, string Jose, int? Curve)[] Algorithms =
    [
        (CoseAlgorithms.ES256, SecurityAlgorithms.EcdsaSha256, CoseKeyTypes.CurveP256),
        (CoseAlgorithms.ES384, SecurityAlgorithms.EcdsaSha384, CoseKeyTypes.CurveP384),
        (CoseAlgorithms.ES512, SecurityAlgorithms.EcdsaSha512, CoseKeyTypes.CurveP521),
        (CoseAlgorithms.HMAC256_256, SecurityAlgorithms.HmacSha256, null),
    ];

    private static string Mapped => string.Join(", ", Algorithms.Select(row => $"{row.Jose} ({row.Cose})"));

    public static string Curve(int coseCurve) => Curves.Single(row => row.Cose == coseCurve).Jose;

    /// <exception cref="NotSupportedException">Not P-256, P-384 or P-521.</exception>
    public static int CoseCurve(string crv)
    {
        foreach (var (cose, jose) in Curves)
        {
            if (jose == crv)
                return cose;
        }
        throw new NotSupportedException($"JWK: crv \"{crv}\" is not supported; P-256, P-384 and P-521 are (RFC 7518 §6.2.1.1).");
    }

    /// <summary>The JWK alg of a COSE key's alg, or null when the key names none.</summary>
    /// <exception cref="NotSupportedException">The alg has no JWK counterpart here, or not for this key.</exception>
    public static string? Algorithm(CoseLabel? algorithm, int? curve)
    {
        if (algorithm is not { } alg)
            return null;
        foreach (var row in Algorithms)
        {
            if (CoseLabel.Of(row.Cose) != alg)
                continue;
            if (row.Curve != curve)
                throw new NotSupportedException($"COSE_Key: alg {alg} has no JWK form for this key: JOSE {row.Jose} needs " +
                    $"{(row.Curve is { } needed ? Curve(needed) : "an \"oct\" key")} (RFC 7518 §3.1, §3.4).");
            return row.Jose;
        }
        throw new NotSupportedException($"COSE_Key: alg {alg} has no JWK alg this library maps; the mapped ones are {Mapped}.");
    }

    /// <summary>The COSE alg of a JWK's alg, or null when the JWK names none.</summary>
    /// <exception cref="NotSupportedException">The alg is outside the mapping.</exception>
    /// <exception cref="CoseFormatException">The alg does not fit the key (RFC 7518 §3.4: ES256 is P-256, and so on).</exception>
    public static CoseLabel? CoseAlgorithm(string? algorithm, int? curve)
    {
        if (!JwkMembers.IsPresent(algorithm))
            return null;
        foreach (var row in Algorithms)
        {
            if (row.Jose != algorithm)
                continue;
            if (row.Curve != curve)
                throw new CoseFormatException("JWK alg", $"\"{algorithm}\" does not fit this key: it needs " +
                    $"{(row.Curve is { } needed ? $"\"kty\": \"EC\", \"crv\": \"{Curve(needed)}\"" : "\"kty\": \"oct\"")} (RFC 7518 §3.1, §3.4)");
            return CoseLabel.Of(row.Cose);
        }
        throw new NotSupportedException($"JWK: alg \"{algorithm}\" is not supported; the mapped ones are {Mapped}.");
    }
}
