using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeviceTrust.Attestation.Ear;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DeviceTrust.Attestation.Tests.Ear;

public sealed class EarJwtTests : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _key.Dispose();

    private EarVerificationKey PublicKey => EarVerificationKey.FromECDsa(_key);

    [Fact]
    public async Task VerifyAsync_SignedEar_RoundTrips()
    {
        var result = EarSamples.Full("policy:psa");
        var token = EarJwt.Sign(result, _key);

        var verification = await EarJwt.VerifyAsync(token, PublicKey);

        Assert.True(verification.IsVerified, verification.Reason);
        Assert.Equal(PublicKey.KeyId, verification.KeyId);
        EarJsonTests.AssertSame(result, verification.Result);
    }

    [Fact]
    public void Sign_Header_IsEs256JwtWithKid_AndPayloadIsTheClaimsSetOnly()
    {
        var token = EarJwt.Sign(EarSamples.Full(), _key, keyId: "ear-key-1");
        var parts = token.Split('.');
        using var header = JsonDocument.Parse(Base64UrlEncoder.Decode(parts[0]));

        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.RootElement.GetProperty("typ").GetString());
        Assert.Equal("ear-key-1", header.RootElement.GetProperty("kid").GetString());
        Assert.Equal(EarJson.EncodeToString(EarSamples.Full()), Base64UrlEncoder.Decode(parts[1]));
        Assert.Equal(64, Base64UrlEncoder.DecodeBytes(parts[2]).Length);   // RFC 7518 §3.4: R || S, 32 bytes each
    }

    [Fact]
    public async Task VerifyAsync_TamperedPayload_SignatureInvalid()
    {
        var parts = EarJwt.Sign(EarSamples.Full(), _key).Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"contraindicated\"", "\"warning\"", StringComparison.Ordinal)
            .Replace("\"executables\":33", "\"executables\":2", StringComparison.Ordinal)
            .Replace("\"storage-opaque\":-128", "\"storage-opaque\":2", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        Assert.NotNull(EarJson.Decode(payload));   // still a well-formed EAR: only the signature gives it away

        var verification = await EarJwt.VerifyAsync(tampered, PublicKey);

        Assert.Equal(EarVerificationFailure.SignatureInvalid, verification.Failure);
        Assert.Throws<InvalidOperationException>(() => verification.Result);
    }

    [Fact]
    public async Task VerifyAsync_TamperedSignature_SignatureInvalid()
    {
        var token = EarJwt.Sign(EarSamples.Full(), _key);
        var parts = token.Split('.');
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[10] ^= 0x01;

        var verification = await EarJwt.VerifyAsync($"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}", PublicKey);

        Assert.Equal(EarVerificationFailure.SignatureInvalid, verification.Failure);
    }

    [Fact]
    public async Task VerifyAsync_OtherVerifiersKey_SignatureInvalid()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = EarJwt.Sign(EarSamples.Full(), other);

        var verification = await EarJwt.VerifyAsync(token, PublicKey);

        Assert.Equal(EarVerificationFailure.SignatureInvalid, verification.Failure);
        Assert.False(verification.IsVerified);
    }

    [Fact]
    public async Task VerifyAsync_AlgNone_Refused()
    {
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var payload = Base64UrlEncoder.Encode(EarJson.EncodeToString(EarSamples.Full()));

        var verification = await EarJwt.VerifyAsync($"{header}.{payload}.", PublicKey);

        Assert.Equal(EarVerificationFailure.AlgorithmNotAllowed, verification.Failure);
        Assert.Contains("none", verification.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jwk")]
    [InlineData("pem")]
    public async Task VerifyAsync_Hs256WithThePublicKeyAsSecret_Refused(string secretForm)
    {
        // RFC 8725 §2.1: a verifier that let the header pick the algorithm would check this HMAC with the public key.
        var secret = Encoding.UTF8.GetBytes(secretForm == "jwk" ? PublicKey.ToJwkJson() : PublicKey.ToPem());
        var header = Base64UrlEncoder.Encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        var payload = Base64UrlEncoder.Encode(EarJson.EncodeToString(EarSamples.Full()));
        var mac = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes($"{header}.{payload}"));

        var verification = await EarJwt.VerifyAsync($"{header}.{payload}.{Base64UrlEncoder.Encode(mac)}", PublicKey);

        Assert.Equal(EarVerificationFailure.AlgorithmNotAllowed, verification.Failure);
    }

    [Fact]
    public async Task VerifyAsync_Es384_Refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var token = new JsonWebTokenHandler().CreateToken(EarJson.EncodeToString(EarSamples.Full()),
            new SigningCredentials(new ECDsaSecurityKey(p384), SecurityAlgorithms.EcdsaSha384));

        var verification = await EarJwt.VerifyAsync(token, PublicKey);

        Assert.Equal(EarVerificationFailure.AlgorithmNotAllowed, verification.Failure);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d.e")]
    [InlineData("e30.e30")]
    [InlineData("bm90IGpzb24.e30.AAAA")]
    public async Task VerifyAsync_NotAJws_FormatError(string token)
    {
        var e = await Assert.ThrowsAsync<AttestationFormatException>(() => EarJwt.VerifyAsync(token, PublicKey));
        Assert.Equal("EAR JWT", e.Where);
    }

    [Fact]
    public async Task VerifyAsync_SignedButNotAnEar_FormatError()
    {
        var token = new JsonWebTokenHandler().CreateToken("{\"eat_profile\":\"tag:github.com,2023:veraison/ear\",\"iat\":1}",
            new SigningCredentials(new ECDsaSecurityKey(_key), SecurityAlgorithms.EcdsaSha256));

        var e = await Assert.ThrowsAsync<AttestationFormatException>(() => EarJwt.VerifyAsync(token, PublicKey));

        Assert.Equal("EAR", e.Where);
        Assert.Contains("ear.verifier-id", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_KeyDisposedAndReloaded_StillSignsAndVerifies()
    {
        // A service reloads its key from configuration: same key material, a new ECDsa, the old one disposed.
        var parameters = _key.ExportParameters(includePrivateParameters: true);
        using (var first = ECDsa.Create(parameters))
            EarJwt.Sign(EarSamples.Full(), first);
        using var reloaded = ECDsa.Create(parameters);

        var token = EarJwt.Sign(EarSamples.Full(), reloaded);

        Assert.True((await EarJwt.VerifyAsync(token, PublicKey)).IsVerified);
        Assert.True((await EarJwt.VerifyAsync(token, PublicKey)).IsVerified);
    }

    [Fact]
    public void Sign_PublicKeyOnly_IsRefused()
    {
        using var publicOnly = ECDsa.Create(_key.ExportParameters(includePrivateParameters: false));
        Assert.Throws<ArgumentException>(() => EarJwt.Sign(EarSamples.Full(), publicOnly));
    }

    [Fact]
    public async Task VerifyAsync_NoAlg_FormatError()
    {
        var header = Base64UrlEncoder.Encode("{\"typ\":\"JWT\"}");
        var payload = Base64UrlEncoder.Encode(EarJson.EncodeToString(EarSamples.Full()));
        var e = await Assert.ThrowsAsync<AttestationFormatException>(() => EarJwt.VerifyAsync($"{header}.{payload}.AAAA", PublicKey));
        Assert.Contains("alg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_CriticalHeader_NotSupported()
    {
        var token = new JsonWebTokenHandler().CreateToken(EarJson.EncodeToString(EarSamples.Full()),
            new SigningCredentials(new ECDsaSecurityKey(_key), SecurityAlgorithms.EcdsaSha256),
            new Dictionary<string, object> { ["crit"] = new[] { "exp-policy" }, ["exp-policy"] = 1 });

        await Assert.ThrowsAsync<NotSupportedException>(() => EarJwt.VerifyAsync(token, PublicKey));
    }

    [Fact]
    public void Sign_KeyNotOnP256_IsRefused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<ArgumentException>(() => EarJwt.Sign(EarSamples.Full(), p384));
    }
}
