using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace DeviceTrust.Cose.Tests;

/// <summary>
/// What <see cref="CoseJwk"/> refuses: a kty, crv or alg outside the mapping is NotSupportedException, a malformed
/// JWK member is CoseFormatException naming it, and a private part asked for and absent is ArgumentException.
/// </summary>
public sealed class CoseJwkRefusalTests
{
    private static JsonWebKey Jwk(string json) => new(json.Replace('\'', '"'));

    [Theory]
    [InlineData("{'kty':'RSA','n':'AQAB','e':'AQAB'}", "kty \"RSA\" is not supported")]
    [InlineData("{'kty':'OKP','crv':'Ed25519','x':'11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo'}", "kty \"OKP\" is not supported")]
    [InlineData("{'kty':'oct','k':'QDaX3oevZGEcHTKgXasP4fy3FahqtDXx7JkZLXlWk4g'}", "CoseJwk.ToSymmetricKey")]
    [InlineData("{'kty':'EC','crv':'secp256k1','x':'AA','y':'AA'}", "crv \"secp256k1\" is not supported")]
    [InlineData("{'kty':'EC','crv':'P-256','alg':'RS256','x':'usWxHK2PmfnHKwXPS54m0kTcGJ90UiglWiGahtagnv8','y':'IBOL-C3BttVivg-lSreASjpkttcsz-1rb7btKLv8EX4'}", "alg \"RS256\" is not supported")]
    public void ToCoseKey_UnsupportedKtyCrvOrAlg_NotSupported(string json, string problem) =>
        Assert.Contains(problem, Assert.Throws<NotSupportedException>(() => CoseJwk.ToCoseKey(Jwk(json))).Message);

    [Theory]
    [InlineData("{'kty':'EC','crv':'P-256','x':'usWxHK2PmfnHKwXPS54m0kTcGJ90UiglWiGahtagnv8','y':'IBOL-C3BttVivg-lSreASjpkttcsz-1rb7btKLv8EX4'}", "CoseJwk.ToCoseKey")]
    [InlineData("{'kty':'oct','alg':'HS512','k':'QDaX3oevZGEcHTKgXasP4fy3FahqtDXx7JkZLXlWk4g'}", "alg \"HS512\" is not supported")]
    [InlineData("{'kty':'oct','alg':'A256KW','k':'QDaX3oevZGEcHTKgXasP4fy3FahqtDXx7JkZLXlWk4g'}", "alg \"A256KW\" is not supported")]
    public void ToSymmetricKey_UnsupportedKtyOrAlg_NotSupported(string json, string problem) =>
        Assert.Contains(problem, Assert.Throws<NotSupportedException>(() => CoseJwk.ToSymmetricKey(Jwk(json))).Message);

    [Theory]
    [InlineData("{'crv':'P-256','x':'usWxHK2PmfnHKwXPS54m0kTcGJ90UiglWiGahtagnv8','y':'IBOL-C3BttVivg-lSreASjpkttcsz-1rb7btKLv8EX4'}", "JWK kty", "missing")]
    [InlineData("{'kty':'EC','crv':'P-256','y':'IBOL-C3BttVivg-lSreASjpkttcsz-1rb7btKLv8EX4'}", "JWK x", "missing")]
    [InlineData("{'kty':'EC','crv':'P-256','x':'usWxHK2PmfnHKwXPS54m0kTcGJ90UiglWiGahtagnv8=','y':'IBOL-C3BttVivg-lSreASjpkttcsz-1rb7btKLv8EX4'}", "JWK x", "base64url")]
    [InlineData("{'kty':'EC','crv':'P-256','x':'usWxHK2PmfnHKwXPS54m0kTcGJ90UiglWiGahtagnv8','y':'IBOL+C3BttVivg/lSreASjpkttcsz-1rb7btKLv8EX4'}", "JWK y", "base64url")]
    [InlineData("{'kty':'EC','crv':'P-256','x':'xbEcrY-Z-ccrBc9LnibSRNwYn3RSKCVaIZqG1qCe_w','y':'IBOL-C3BttVivg-lSreASjpkttcsz-1rb7btKLv8EX4'}", "JWK x", "must be 32 bytes")]
    [InlineData("{'kty':'EC','crv':'P-256','x':'IBOL-C3BttVivg-lSreASjpkttcsz-1rb7btKLv8EX4','y':'IBOL-C3BttVivg-lSreASjpkttcsz-1rb7btKLv8EX4'}", "JWK", "not a valid point")]
    [InlineData("{'kty':'EC','crv':'P-384','alg':'ES256','x':'AA','y':'AA'}", "JWK alg", "needs \"kty\": \"EC\", \"crv\": \"P-256\"")]
    [InlineData("{'kty':'EC','crv':'P-256','alg':'HS256','x':'usWxHK2PmfnHKwXPS54m0kTcGJ90UiglWiGahtagnv8','y':'IBOL-C3BttVivg-lSreASjpkttcsz-1rb7btKLv8EX4'}", "JWK alg", "needs \"kty\": \"oct\"")]
    public void ToCoseKey_MalformedJwk_ThrowsCoseFormatExceptionNamingTheMember(string json, string location, string problem)
    {
        var error = Assert.Throws<CoseFormatException>(() => CoseJwk.ToCoseKey(Jwk(json)));

        Assert.Equal(location, error.Location);
        Assert.Contains(problem, error.Problem);
    }

    [Fact]
    public void ToCoseKey_PrivateScalarOfAnotherKey_Refused()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwk = Jwk(CoseWgVector.Load("sign1-tests/sign-pass-01.json").KeyJson);
        jwk.D = Base64UrlEncoder.Encode(other.ExportParameters(true).D);

        Assert.Throws<CoseFormatException>(() => CoseJwk.ToCoseKey(jwk, includePrivateKey: true));
    }

    [Theory]
    [InlineData("{'kty':'oct','alg':'HS256','k':'QDaX3oevZGEcHTKgXasP4Q'}", "JWK k", "at least 32 bytes")]
    [InlineData("{'kty':'oct','k':''}", "JWK k", "missing")]
    [InlineData("{'kty':'oct','alg':'ES256','k':'QDaX3oevZGEcHTKgXasP4fy3FahqtDXx7JkZLXlWk4g'}", "JWK alg", "needs \"kty\": \"EC\"")]
    public void ToSymmetricKey_MalformedJwk_ThrowsCoseFormatException(string json, string location, string problem)
    {
        var error = Assert.Throws<CoseFormatException>(() => CoseJwk.ToSymmetricKey(Jwk(json)));

        Assert.Equal(location, error.Location);
        Assert.Contains(problem, error.Problem);
    }

    [Fact]
    public void ToCoseKey_PrivateAskedForAndAbsent_ArgumentException()
    {
        var publicOnly = Jwk("{'kty':'EC','crv':'P-256','x':'usWxHK2PmfnHKwXPS54m0kTcGJ90UiglWiGahtagnv8','y':'IBOL-C3BttVivg-lSreASjpkttcsz-1rb7btKLv8EX4'}");

        Assert.Throws<ArgumentException>(() => CoseJwk.ToCoseKey(publicOnly, includePrivateKey: true));
    }

    [Fact]
    public void ToJwk_PrivateAskedForAndAbsent_ArgumentException()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<ArgumentException>(() => CoseJwk.ToJwk(CoseKey.FromECDsa(ecdsa), includePrivateKey: true));
    }

    [Theory]
    [InlineData("nistP256", CoseAlgorithms.ES512, "ES512 needs P-521")]       // valid COSE (RFC 9053 §2.1), no JOSE form
    [InlineData("nistP256", CoseAlgorithms.ESP256, "has no JWK alg this library maps")]
    [InlineData("nistP256", CoseAlgorithms.HMAC256_256, "needs an \"oct\" key")]
    public void ToJwk_Ec2KeyWithAnAlgWithoutJwkForm_NotSupported(string curveName, int algorithm, string problem)
    {
        using var ecdsa = ECDsa.Create(ECCurve.CreateFromFriendlyName(curveName));

        var error = Assert.Throws<NotSupportedException>(() => CoseJwk.ToJwk(CoseKey.FromECDsa(ecdsa, algorithm: algorithm)));

        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData(CoseAlgorithms.HMAC256_64, "has no JWK alg this library maps")]   // RFC 8392 A.4's algorithm
    [InlineData(CoseAlgorithms.ES256, "ES256 needs P-256")]
    public void ToJwk_SymmetricKeyWithAnAlgWithoutJwkForm_NotSupported(int algorithm, string problem)
    {
        var key = CoseSymmetricKey.FromBytes(RandomNumberGenerator.GetBytes(32), algorithm: algorithm);

        Assert.Contains(problem, Assert.Throws<NotSupportedException>(() => CoseJwk.ToJwk(key)).Message);
    }

    [Fact]
    public void ToJwk_TextAlg_NotSupported() =>
        Assert.Throws<NotSupportedException>(() => CoseJwk.ToJwk(
            CoseSymmetricKey.FromBytes(RandomNumberGenerator.GetBytes(32), algorithm: CoseLabel.Of("HS256"))));

    [Fact]
    public void ToJwk_KidNotUtf8_NotSupported()
    {
        var key = CoseSymmetricKey.FromBytes(RandomNumberGenerator.GetBytes(32), new byte[] { 0xFF, 0xFE });

        Assert.Contains("not UTF-8", Assert.Throws<NotSupportedException>(() => CoseJwk.ToJwk(key)).Message);
    }
}
