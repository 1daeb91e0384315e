using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeviceTrust.Testing;
using Microsoft.IdentityModel.Tokens;

namespace DeviceTrust.Cose.Tests;

/// <summary>
/// JWKs made from COSE_Keys, read by PyJWT (Debian's python3-jwt), an implementation we did not write: it loads our
/// public JWK and verifies a JWS our key signed, and loads our private JWK and signs a JWS that we verify.
/// </summary>
public sealed class CoseJwkInteropTests
{
    private const string Script = """
        import sys, json, jwt
        from jwt.algorithms import ECAlgorithm, HMACAlgorithm
        data = json.loads(sys.stdin.read())
        alg = data["alg"]
        family = HMACAlgorithm if alg.startswith("HS") else ECAlgorithm
        verifying = family.from_jwk(data["public"])
        payload = jwt.PyJWS().decode(data["token"], key=verifying, algorithms=[alg])
        signing = family.from_jwk(data["private"])
        print(payload.decode())
        print(jwt.PyJWS().encode(b"signed in python", key=signing, algorithm=alg))
        """;

    public static TheoryData<string, int, string> Curves => new()
    {
        { "nistP256", CoseAlgorithms.ES256, "ES256" },
        { "nistP384", CoseAlgorithms.ES384, "ES384" },
        { "nistP521", CoseAlgorithms.ES512, "ES512" },
    };

    [Theory]
    [MemberData(nameof(Curves))]
    public void ExportedEcJwks_LoadInPyJwt_VerifyOurJwsAndSignOneWeVerify(string curveName, int algorithm, string jwsAlgorithm)
    {
        using var ecdsa = ECDsa.Create(ECCurve.CreateFromFriendlyName(curveName));
        var key = CoseKey.FromECDsa(ecdsa, includePrivateKey: true, "device-7"u8.ToArray(), algorithm);
        var hash = HashFor(jwsAlgorithm);

        var (payload, pythonToken) = RunPython(jwsAlgorithm, CoseJwk.ToJwk(key), CoseJwk.ToJwk(key, includePrivateKey: true),
            Jws(jwsAlgorithm, "signed in dotnet", input => ecdsa.SignData(input, hash)));

        Assert.Equal("signed in dotnet", payload);
        Assert.True(VerifyJws(pythonToken, "signed in python", (input, signature) => ecdsa.VerifyData(input, signature, hash)));
    }

    [Fact]
    public void ExportedOctJwk_LoadsInPyJwt_VerifiesOurHs256JwsAndSignsOneWeVerify()
    {
        var k = RandomNumberGenerator.GetBytes(32);
        var jwk = CoseJwk.ToJwk(CoseSymmetricKey.FromBytes(k, "our-secret"u8.ToArray(), CoseAlgorithms.HMAC256_256));

        var (payload, pythonToken) = RunPython("HS256", jwk, jwk, Jws("HS256", "signed in dotnet", input => HMACSHA256.HashData(k, input)));

        Assert.Equal("signed in dotnet", payload);
        Assert.True(VerifyJws(pythonToken, "signed in python",
            (input, signature) => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(k, input), signature)));
    }

    [Fact]
    public void PrivateJwkFromPyJwt_BecomesACoseKeyThatSignsWhatPythonVerifies()
    {
        // The other direction: PyJWT makes the key, we read its JWK; PyJWT then checks a JWS signed by our import.
        var exported = DebianPython.Run("""
            import jwt
            from cryptography.hazmat.primitives.asymmetric import ec
            from jwt.algorithms import ECAlgorithm
            print(ECAlgorithm.to_jwk(ec.generate_private_key(ec.SECP384R1())))
            """).Trim();
        var key = CoseJwk.ToCoseKey(new JsonWebKey(exported), includePrivateKey: true);
        using var ecdsa = key.ToECDsa();
        var token = Jws("ES384", "signed in dotnet", input => ecdsa.SignData(input, HashAlgorithmName.SHA384));

        var seen = DebianPython.Run("""
            import sys, json, jwt
            from jwt.algorithms import ECAlgorithm
            data = json.loads(sys.stdin.read())
            private = ECAlgorithm.from_jwk(data["jwk"])
            print(jwt.PyJWS().decode(data["token"], key=private.public_key(), algorithms=["ES384"]).decode())
            """, JsonSerializer.Serialize(new { jwk = exported, token })).Trim();

        Assert.Equal(CoseKeyTypes.CurveP384, key.Curve);
        Assert.True(key.HasPrivateKey);
        Assert.Equal("signed in dotnet", seen);
    }

    private static (string Payload, string Token) RunPython(string algorithm, JsonWebKey publicJwk, JsonWebKey privateJwk, string token)
    {
        var input = JsonSerializer.Serialize(new { alg = algorithm, @public = Json(publicJwk), @private = Json(privateJwk), token });
        var lines = DebianPython.Run(Script, input).Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        return (lines[0], lines[1]);
    }

    /// <summary>The JWK as JSON with only the members it has (RFC 7517 §4).</summary>
    private static string Json(JsonWebKey jwk)
    {
        var members = new Dictionary<string, string?>
        {
            ["kty"] = jwk.Kty, ["crv"] = jwk.Crv, ["x"] = jwk.X, ["y"] = jwk.Y, ["d"] = jwk.D, ["k"] = jwk.K,
            ["kid"] = jwk.Kid, ["alg"] = jwk.Alg,
        };
        return JsonSerializer.Serialize(members.Where(member => !string.IsNullOrEmpty(member.Value)).ToDictionary());
    }

    // JWS compact serialization (RFC 7515 §7.1); ECDSA signatures are r||s (RFC 7518 §3.4), .NET's default format.
    private static string Jws(string algorithm, string payload, Func<byte[], byte[]> sign)
    {
        var signingInput = $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"alg":"{{algorithm}}"}"""))}." +
            Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        return $"{signingInput}.{Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(signingInput)))}";
    }

    private static bool VerifyJws(string token, string expectedPayload, Func<byte[], byte[], bool> verify)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.Equal(expectedPayload, Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])));
        return verify(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]));
    }

    private static HashAlgorithmName HashFor(string jwsAlgorithm) => jwsAlgorithm switch
    {
        "ES256" => HashAlgorithmName.SHA256,
        "ES384" => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };
}
