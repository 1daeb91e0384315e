using System.Security.Cryptography;

namespace DeviceTrust.Cose.Tests;

public sealed class CoseKeyTests
{
    private const string X = "BAC5B11CAD8F99F9C72B05CF4B9E26D244DC189F745228255A219A86D6A09EFF";
    private const string Y = "20138BF82DC1B6D562BE0FA54AB7804A3A64B6D72CCFED6B6FB6ED28BBFC117E";
    private const string D = "57C92077664146E876760C9520D054AA93C3AFB04E306705DB6090308507B4D3";

    // RFC 9052 Appendix C.7.1, the public key with kid '11': {1: 2, 2: '11', -1: 1, -2: h'BAC5..', -3: h'2013..'}
    private const string PublicKid11 = "A5" + "0102" + "02423131" + "2001" + "215820" + X + "225820" + Y;

    private static ECParameters P256Public => new()
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = Convert.FromHexString(X), Y = Convert.FromHexString(Y) },
    };

    [Fact]
    public void Encode_Rfc9052PublicKey_MatchesTheAppendixBytes()
    {
        var key = CoseKey.FromECParameters(P256Public, keyId: "11"u8.ToArray());

        Assert.Equal(PublicKid11, Convert.ToHexString(key.Encode()));
    }

    [Fact]
    public void Decode_Rfc9052PublicKey_GivesTheEcParameters()
    {
        var key = CoseKey.Decode(Convert.FromHexString(PublicKid11));
        var parameters = key.ToECParameters();

        Assert.Equal(CoseKeyTypes.CurveP256, key.Curve);
        Assert.Equal("11"u8.ToArray(), key.KeyId!.Value.ToArray());
        Assert.False(key.HasPrivateKey);
        Assert.Equal(X, Convert.ToHexString(parameters.Q.X!));
        Assert.Equal(Y, Convert.ToHexString(parameters.Q.Y!));
    }

    [Theory]
    [InlineData("nistP256", CoseKeyTypes.CurveP256)]
    [InlineData("nistP384", CoseKeyTypes.CurveP384)]
    [InlineData("nistP521", CoseKeyTypes.CurveP521)]
    public void EncodeDecode_GeneratedPrivateKey_RoundTripsAndSigns(string curveName, int coseCurve)
    {
        using var original = ECDsa.Create(ECCurve.CreateFromFriendlyName(curveName));

        var decoded = CoseKey.Decode(CoseKey.FromECDsa(original, includePrivateKey: true, algorithm: CoseAlgorithms.ES256).Encode());
        using var restored = decoded.ToECDsa();

        Assert.Equal(coseCurve, decoded.Curve);
        Assert.True(decoded.HasPrivateKey);
        Assert.Equal(CoseAlgorithms.ES256, decoded.Algorithm!.Value.Integer);
        var signature = restored.SignData("data"u8, HashAlgorithmName.SHA256);
        Assert.True(original.VerifyData("data"u8, signature, HashAlgorithmName.SHA256));
    }

    [Fact]
    public void FromECDsa_PublicOnly_LeavesOutD()
    {
        using var original = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var encoded = CoseKey.FromECDsa(original).Encode();
        var key = CoseKey.Decode(encoded);

        Assert.False(key.HasPrivateKey);
        Assert.Null(key.KeyId);
        Assert.Null(key.Algorithm);
        Assert.Equal(0xA4, encoded[0]);   // kty, crv, x, y only
    }

    [Fact]
    public void Decode_WithPrivateScalar_KeepsD()
    {
        var key = CoseKey.Decode(Convert.FromHexString("A5" + "0102" + "2001" + "215820" + X + "225820" + Y + "235820" + D));

        Assert.True(key.HasPrivateKey);
        Assert.Equal(D, Convert.ToHexString(key.ToECParameters().D!));
    }

    [Theory]
    [InlineData("A301022001225820" + Y, "COSE_Key", "x (-2) is missing")]
    [InlineData("A40102200121581F" + "C5B11CAD8F99F9C72B05CF4B9E26D244DC189F745228255A219A86D6A09EFF" + "225820" + Y, "COSE_Key label -2 (x)", "must be 32 bytes")]
    [InlineData("A401022001215820" + Y + "225820" + Y, "COSE_Key", "not a valid point")]
    [InlineData("A5010201022001215820" + X + "225820" + Y, "COSE_Key", "duplicate")]
    [InlineData("A4010220012158 20" + X + "225820" + Y + "00", "COSE_Key", "trailing")]
    public void Decode_MalformedKey_ThrowsCoseFormatExceptionNamingTheDefect(string hex, string location, string problem)
    {
        var error = Assert.Throws<CoseFormatException>(() => CoseKey.Decode(Convert.FromHexString(hex.Replace(" ", ""))));

        Assert.Equal(location, error.Location);
        Assert.Contains(problem, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("A3010120062158 20" + X)]   // kty 1 (OKP), crv 6 (Ed25519)
    [InlineData("A4010220012158 20" + X + "22F5")]   // compressed point: y is a sign bit
    [InlineData("A401022018 2A215820" + X + "225820" + Y)]   // crv 42
    public void Decode_UnsupportedKey_ThrowsNotSupported(string hex) =>
        Assert.Throws<NotSupportedException>(() => CoseKey.Decode(Convert.FromHexString(hex.Replace(" ", ""))));
}
