namespace DeviceTrust.Cose.Tests;

/// <summary>Symmetric COSE_Key (kty 4, RFC 9053 §7.3) on the strict core, with the refusals of <see cref="CoseKeyTests"/>.</summary>
public sealed class CoseSymmetricKeyTests
{
    // The RFC 8392 A.4 / cose-wg "our-secret" key.
    private const string K = "403697DE87AF64611C1D32A05DAB0FE1FCB715A86AB435F1EC99192D79569388";

    // {1: 4, 2: 'our-secret', 3: 5, -1: h'4036..'} in deterministic order: 0x01, 0x02, 0x03, 0x20.
    private const string Encoded = "A4" + "0104" + "024A6F75722D736563726574" + "0305" + "205820" + K;

    [Fact]
    public void Encode_KeyWithKidAndAlg_IsDeterministicCbor()
    {
        var key = CoseSymmetricKey.FromBytes(Convert.FromHexString(K), "our-secret"u8.ToArray(), CoseAlgorithms.HMAC256_256);

        Assert.Equal(Encoded, Convert.ToHexString(key.Encode()));
    }

    [Fact]
    public void Decode_KeyWithKidAndAlg_GivesItsParts()
    {
        var key = CoseSymmetricKey.Decode(Convert.FromHexString(Encoded));

        Assert.Equal(K, Convert.ToHexString(key.ExportKeyValue()));
        Assert.Equal(32, key.Length);
        Assert.Equal("our-secret"u8.ToArray(), key.KeyId!.Value.ToArray());
        Assert.Equal(CoseAlgorithms.HMAC256_256, key.Algorithm!.Value.Integer);
    }

    [Fact]
    public void EncodeDecode_BareKey_RoundTripsWithoutKidOrAlg()
    {
        var decoded = CoseSymmetricKey.Decode(CoseSymmetricKey.FromBytes(Convert.FromHexString(K)).Encode());

        Assert.Equal(K, Convert.ToHexString(decoded.ExportKeyValue()));
        Assert.Null(decoded.KeyId);
        Assert.Null(decoded.Algorithm);
    }

    [Fact]
    public void ExportKeyValue_IsACopy()
    {
        var key = CoseSymmetricKey.FromBytes(Convert.FromHexString(K));

        key.ExportKeyValue()[0] ^= 0xFF;

        Assert.Equal(K, Convert.ToHexString(key.ExportKeyValue()));
    }

    [Theory]
    [InlineData("A10104", "COSE_Key", "k (-1) is missing")]
    [InlineData("A201042040", "COSE_Key label -1 (k)", "empty")]
    [InlineData("A201042001", "COSE_Key label -1 (k)", "a byte string expected")]
    [InlineData("A3010420412A20412B", "COSE_Key", "duplicate")]
    [InlineData("A20104204142" + "00", "COSE_Key", "trailing")]
    [InlineData("A3010402012041AA", "COSE_Key label 2 (kid)", "a byte string expected")]
    [InlineData("A1204142", "COSE_Key", "kty (1) is missing")]
    [InlineData("8201042041", "COSE_Key", "a map expected")]
    public void Decode_MalformedKey_ThrowsCoseFormatExceptionNamingTheDefect(string hex, string location, string problem)
    {
        var error = Assert.Throws<CoseFormatException>(() => CoseSymmetricKey.Decode(Convert.FromHexString(hex)));

        Assert.Equal(location, error.Location);
        Assert.Contains(problem, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Decode_Ec2Key_NotSupportedPointingToCoseKey()
    {
        using var ecdsa = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

        var error = Assert.Throws<NotSupportedException>(() => CoseSymmetricKey.Decode(CoseKey.FromECDsa(ecdsa).Encode()));

        Assert.Contains("CoseKey.Decode", error.Message);
    }

    [Fact]
    public void CoseKeyDecode_SymmetricKey_NotSupportedPointingToCoseSymmetricKey()
    {
        var error = Assert.Throws<NotSupportedException>(() => CoseKey.Decode(Convert.FromHexString(Encoded)));

        Assert.Contains("CoseSymmetricKey.Decode", error.Message);
    }

    [Fact]
    public void Decode_OkpKey_NotSupported() =>
        Assert.Throws<NotSupportedException>(() => CoseSymmetricKey.Decode(Convert.FromHexString("A201012041AA")));
}
