using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Testing;

namespace DeviceTrust.Attestation.Tests.Ear;

/// <summary>Our EAR JWTs against PyJWT 2.6 with cryptography (Debian's python3-jwt): an implementation we did not write.</summary>
public sealed class EarJwtPythonTests : IDisposable
{
    private const string VerifyScript = """
        import sys, json, jwt
        from jwt.algorithms import ECAlgorithm
        request = json.loads(sys.stdin.read())
        form, key_text, token = request["form"], request["key"], request["token"]
        key = ECAlgorithm.from_jwk(key_text) if form == "jwk" else key_text
        claims = jwt.decode(token, key, algorithms=["ES256"])
        print(json.dumps({"header": jwt.get_unverified_header(token), "claims": claims}, sort_keys=True))
        """;

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _key.Dispose();

    [Theory]
    [InlineData("jwk")]
    [InlineData("pem")]
    public void PyJwt_VerifiesOurEar_WithTheExportedKey(string form)
    {
        var verificationKey = EarVerificationKey.FromECDsa(_key);
        var token = EarJwt.Sign(EarSamples.Full("policy:psa"), _key);
        var request = JsonSerializer.Serialize(new
        {
            form,
            key = form == "jwk" ? verificationKey.ToJwkJson() : verificationKey.ToPem(),
            token,
        });

        using var seen = JsonDocument.Parse(DebianPython.Run(VerifyScript, request));
        var header = seen.RootElement.GetProperty("header");
        var claims = seen.RootElement.GetProperty("claims");

        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.GetProperty("typ").GetString());
        Assert.Equal(verificationKey.KeyId, header.GetProperty("kid").GetString());
        Assert.Equal(
            ["ear.raw-evidence", "ear.verifier-id", "eat_nonce", "eat_profile", "iat", "submods"],
            claims.EnumerateObject().Select(p => p.Name));
        Assert.Equal("tag:github.com,2023:veraison/ear", claims.GetProperty("eat_profile").GetString());
        Assert.Equal(1_765_000_000, claims.GetProperty("iat").GetInt64());
        Assert.Equal("3q2-7_8", claims.GetProperty("ear.raw-evidence").GetString());   // base64url, no padding
        var nonce = claims.GetProperty("eat_nonce").GetString()!;
        Assert.DoesNotContain('=', nonce);
        Assert.Equal(EarSamples.Nonce, Convert.FromBase64String(nonce.Replace('-', '+').Replace('_', '/') + "="));
        Assert.Equal("https://devicetrust.example", claims.GetProperty("ear.verifier-id").GetProperty("developer").GetString());
        var device = claims.GetProperty("submods").GetProperty("device");
        Assert.Equal("contraindicated", device.GetProperty("ear.status").GetString());
        Assert.Equal("policy:psa", device.GetProperty("ear.appraisal-policy-id").GetString());
        Assert.Equal(
            "{\"executables\":33,\"hardware\":2,\"instance-identity\":2,\"storage-opaque\":-128}",
            device.GetProperty("ear.trustworthiness-vector").GetRawText().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal("none", claims.GetProperty("submods").GetProperty("bare").GetProperty("ear.status").GetString());
    }

    [Fact]
    public async Task Verify_EarSignedByPyJwt_VerifiesAndDecodes()
    {
        var answer = DebianPython.Run("""
            import json, jwt
            from cryptography.hazmat.primitives.asymmetric import ec
            from jwt.algorithms import ECAlgorithm
            key = ec.generate_private_key(ec.SECP256R1())
            claims = {
                "eat_profile": "tag:github.com,2023:veraison/ear",
                "iat": 1666091373,
                "ear.verifier-id": {"developer": "Acme Inc.", "build": "rrtrap-v1.0.0"},
                "ear.raw-evidence": "3q2-7w",
                "eat_nonce": "QUp8F0FBs9DpodKK8xUg8NQimf6sQAfe2J1ormzZLxk=",
                "submods": {"PSA_IOT": {
                    "ear.status": "warning",
                    "ear.trustworthiness-vector": {"instance-identity": 2, "executables": 33, "hardware": 2},
                    "ear.appraisal-policy-id": "policy:PSA_IOT"}}}
            token = jwt.encode(claims, key, algorithm="ES256", headers={"kid": "py-key"})
            print(json.dumps({"token": token, "jwk": ECAlgorithm.to_jwk(key.public_key())}))
            """);
        using var python = JsonDocument.Parse(answer);
        var token = python.RootElement.GetProperty("token").GetString()!;
        var key = EarVerificationKey.FromJwk(python.RootElement.GetProperty("jwk").GetString()!);

        var verification = await EarJwt.VerifyAsync(token, key);

        Assert.True(verification.IsVerified, verification.Reason);
        Assert.Equal("py-key", verification.KeyId);
        var ear = verification.Result;
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1666091373), ear.IssuedAt);
        Assert.Equal(new VerifierId("Acme Inc.", "rrtrap-v1.0.0"), ear.VerifierId);
        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe, 0xef }, ear.RawEvidence!.Value.ToArray());
        Assert.Equal(32, ear.Nonce!.Value.Length);
        var psa = ear.Submods["PSA_IOT"];
        Assert.Equal(TrustTier.Warning, psa.Status);
        Assert.Equal((sbyte)ExecutablesValues.Unrecognized, psa.Vector![TrustworthinessClaim.Executables]);
        Assert.Equal(3, psa.Vector.Count);
        Assert.Equal(["policy:PSA_IOT"], psa.AppraisalPolicyIds);
    }

    [Fact]
    public async Task Verify_PyJwtEarWithAnotherKey_SignatureInvalid()
    {
        var token = DebianPython.Run("""
            import jwt
            from cryptography.hazmat.primitives.asymmetric import ec
            key = ec.generate_private_key(ec.SECP256R1())
            print(jwt.encode({"eat_profile": "tag:github.com,2023:veraison/ear", "iat": 1,
                "ear.verifier-id": {"developer": "d", "build": "b"},
                "submods": {"x": {"ear.status": "affirming"}}}, key, algorithm="ES256"))
            """).Trim();

        var verification = await EarJwt.VerifyAsync(token, EarVerificationKey.FromECDsa(_key));

        Assert.Equal(EarVerificationFailure.SignatureInvalid, verification.Failure);
    }
}
