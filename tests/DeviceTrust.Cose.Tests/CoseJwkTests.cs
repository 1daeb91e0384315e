using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace DeviceTrust.Cose.Tests;

/// <summary>COSE_Key to and from JWK (RFC 9052 §7, RFC 9053 §7; RFC 7517, RFC 7518 §6).</summary>
public sealed class CoseJwkTests
{
    // RFC 9052 Appendix C.7.1 public key with kid '11' (see CoseKeyTests), and its d.
    private const string PublicKid11 = "A5" + "0102" + "02423131" + "2001"
        + "215820" + "BAC5B11CAD8F99F9C72B05CF4B9E26D244DC189F745228255A219A86D6A09EFF"
        + "225820" + "20138BF82DC1B6D562BE0FA54AB7804A3A64B6D72CCFED6B6FB6ED28BBFC117E";
    private const string D = "57C92077664146E876760C9520D054AA93C3AFB04E306705DB6090308507B4D3";

    private static JsonWebKey Jwk(string json) => new(json.Replace('\'', '"'));

    public static TheoryData<string, int, bool> Curves => new()
    {
        { "nistP256", CoseAlgorithms.ES256, false }, { "nistP256", CoseAlgorithms.ES256, true },
        { "nistP384", CoseAlgorithms.ES384, false }, { "nistP384", CoseAlgorithms.ES384, true },
        { "nistP521", CoseAlgorithms.ES512, false }, { "nistP521", CoseAlgorithms.ES512, true },
    };

    [Fact]
    public void ToCoseKey_CoseWgJwkOfKey11_EncodesToTheRfc9052AppendixBytes()
    {
        var jwk = Jwk(CoseWgVector.Load("sign1-tests/sign-pass-01.json").KeyJson);

        var key = CoseJwk.ToCoseKey(jwk);

        Assert.Equal(PublicKid11, Convert.ToHexString(key.Encode()));
        Assert.False(key.HasPrivateKey);
    }

    [Fact]
    public void ToCoseKey_WithPrivateKey_KeepsD()
    {
        var jwk = Jwk(CoseWgVector.Load("sign1-tests/sign-pass-01.json").KeyJson);

        var key = CoseJwk.ToCoseKey(jwk, includePrivateKey: true);

        Assert.True(key.HasPrivateKey);
        Assert.Equal(D, Convert.ToHexString(key.ToECParameters().D!));
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void ToJwkThenToCoseKey_GeneratedKey_RoundTripsByteExact(string curveName, int algorithm, bool includePrivateKey)
    {
        using var ecdsa = ECDsa.Create(ECCurve.CreateFromFriendlyName(curveName));
        var original = CoseKey.FromECDsa(ecdsa, includePrivateKey, "device-7"u8.ToArray(), algorithm);

        var jwk = CoseJwk.ToJwk(original, includePrivateKey);
        var back = CoseJwk.ToCoseKey(jwk, includePrivateKey);

        Assert.Equal(Convert.ToHexString(original.Encode()), Convert.ToHexString(back.Encode()));
        Assert.Equal(includePrivateKey, back.HasPrivateKey);
        Assert.Equal(includePrivateKey, jwk.D is not null);
        Assert.Equal("EC", jwk.Kty);
        Assert.Equal("device-7", jwk.Kid);
        Assert.Equal(algorithm switch { CoseAlgorithms.ES256 => "ES256", CoseAlgorithms.ES384 => "ES384", _ => "ES512" }, jwk.Alg);
    }

    [Theory]
    [MemberData(nameof(Curves))]
    public void ToJwk_GeneratedKey_AgreesWithIdentityModelsOwnConverter(string curveName, int algorithm, bool includePrivateKey)
    {
        using var ecdsa = ECDsa.Create(ECCurve.CreateFromFriendlyName(curveName));
        var theirs = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ecdsa));

        var ours = CoseJwk.ToJwk(CoseKey.FromECDsa(ecdsa, includePrivateKey, algorithm: algorithm), includePrivateKey);

        Assert.Equal(theirs.Crv, ours.Crv);
        Assert.Equal(theirs.X, ours.X);
        Assert.Equal(theirs.Y, ours.Y);
        if (includePrivateKey)
            Assert.Equal(theirs.D, ours.D);
    }

    [Fact]
    public void ToJwk_PrivateKeyNotAskedFor_LeavesOutD()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var jwk = CoseJwk.ToJwk(CoseKey.FromECDsa(ecdsa, includePrivateKey: true));

        Assert.Null(jwk.D);
        Assert.Null(jwk.Kid);
        Assert.Null(jwk.Alg);
    }

    [Fact]
    public void ToCoseKey_PrivateKeyNotAskedFor_LeavesOutD()
    {
        var key = CoseJwk.ToCoseKey(Jwk(CoseWgVector.Load("sign1-tests/sign-pass-01.json").KeyJson));

        Assert.False(key.HasPrivateKey);
    }

    [Fact]
    public void SymmetricKey_RoundTripsThroughOct()
    {
        var original = CoseSymmetricKey.FromBytes(RandomNumberGenerator.GetBytes(32), "our-secret"u8.ToArray(), CoseAlgorithms.HMAC256_256);

        var jwk = CoseJwk.ToJwk(original);
        var back = CoseJwk.ToSymmetricKey(jwk);

        Assert.Equal("oct", jwk.Kty);
        Assert.Equal("HS256", jwk.Alg);
        Assert.Equal("our-secret", jwk.Kid);
        Assert.Equal(original.ExportKeyValue(), Base64UrlEncoder.DecodeBytes(jwk.K));
        Assert.Equal(Convert.ToHexString(original.Encode()), Convert.ToHexString(back.Encode()));
    }

    [Fact]
    public void ToSymmetricKey_OctWithoutAlgOrKid_GivesABareKey()
    {
        var key = CoseJwk.ToSymmetricKey(Jwk("{'kty':'oct','k':'QDaX3oevZGEcHTKgXasP4fy3FahqtDXx7JkZLXlWk4g'}"));

        Assert.Equal("403697DE87AF64611C1D32A05DAB0FE1FCB715A86AB435F1EC99192D79569388", Convert.ToHexString(key.ExportKeyValue()));
        Assert.Null(key.KeyId);
        Assert.Null(key.Algorithm);
    }
}
