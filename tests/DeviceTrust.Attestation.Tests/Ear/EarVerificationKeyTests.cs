using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Attestation.Ear;

namespace DeviceTrust.Attestation.Tests.Ear;

public sealed class EarVerificationKeyTests : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _key.Dispose();

    [Fact]
    public void ToJwkJson_HasThePublicMembersOnly()
    {
        var key = EarVerificationKey.FromECDsa(_key, "verifier-2026");
        using var jwk = JsonDocument.Parse(key.ToJwkJson());
        var members = jwk.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        var parameters = _key.ExportParameters(false);

        Assert.Equal(["kty", "crv", "x", "y", "alg", "kid"], members.Keys);
        Assert.Equal("EC", members["kty"]);
        Assert.Equal("P-256", members["crv"]);
        Assert.Equal("ES256", members["alg"]);
        Assert.Equal("verifier-2026", members["kid"]);
        Assert.Equal(Convert.ToBase64String(parameters.Q.X!).TrimEnd('=').Replace('+', '-').Replace('/', '_'), members["x"]);
        Assert.Equal(Convert.ToBase64String(parameters.Q.Y!).TrimEnd('=').Replace('+', '-').Replace('/', '_'), members["y"]);
    }

    [Fact]
    public async Task FromJwk_ExportedJwk_VerifiesTheSignersTokens()
    {
        var token = EarJwt.Sign(EarSamples.Full(), _key);
        var fromJwk = EarVerificationKey.FromJwk(EarVerificationKey.FromECDsa(_key).ToJwkJson());

        Assert.True((await EarJwt.VerifyAsync(token, fromJwk)).IsVerified);
    }

    [Fact]
    public void KeyId_WhenNoneGiven_IsTheRfc7638Thumbprint()
    {
        // RFC 7638 §3.2: SHA-256 over {"crv":..,"kty":..,"x":..,"y":..} with the members in this order.
        var p = _key.ExportParameters(false);
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{B64(p.Q.X!)}\",\"y\":\"{B64(p.Q.Y!)}\"}}";
        var expected = B64(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));

        Assert.Equal(expected, EarVerificationKey.FromECDsa(_key).KeyId);
    }

    [Theory]
    [InlineData("""{"kty":"EC","crv":"P-384","x":"AA","y":"AA"}""")]
    [InlineData("""{"kty":"RSA","n":"AQAB","e":"AQAB"}""")]
    [InlineData("""{"kty":"oct","k":"c2VjcmV0"}""")]
    [InlineData("not json")]
    public void FromJwk_NotAnEcP256PublicKey_IsRefused(string json) =>
        Assert.Throws<ArgumentException>(() => EarVerificationKey.FromJwk(json));

    [Fact]
    public void FromJwk_PrivateKey_IsRefused()
    {
        var p = _key.ExportParameters(true);
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var json = $"{{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"{B64(p.Q.X!)}\",\"y\":\"{B64(p.Q.Y!)}\",\"d\":\"{B64(p.D!)}\"}}";

        var e = Assert.Throws<ArgumentException>(() => EarVerificationKey.FromJwk(json));
        Assert.Contains("private", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJwk_OtherAlg_IsRefused()
    {
        var json = EarVerificationKey.FromECDsa(_key).ToJwkJson().Replace("\"ES256\"", "\"ES384\"", StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => EarVerificationKey.FromJwk(json));
    }
}
