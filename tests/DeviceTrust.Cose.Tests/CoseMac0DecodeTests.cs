using System.Security.Cryptography;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cose.Tests;

/// <summary>Strict decoding of COSE_Mac0, with the refusals of <see cref="CoseSign1DecodeTests"/>.</summary>
public sealed class CoseMac0DecodeTests
{
    private const string Payload = "4100";
    private static readonly string Tag32 = "5820" + "0000000000000000000000000000000000000000000000000000000000000000";

    // 17([h'A10105', {}, h'00', h'00..00' (32)]): well formed, HMAC 256/256.
    private static readonly byte[] Valid = Convert.FromHexString("D18443A10105A0" + Payload + Tag32);

    private static CoseFormatException Rejects(string hex) =>
        Assert.Throws<CoseFormatException>(() => CoseMac0.Decode(Convert.FromHexString(hex)));

    [Fact]
    public void Decode_Valid_Decodes()
    {
        var message = CoseMac0.Decode(Valid);

        Assert.Equal(CoseAlgorithms.HMAC256_256, message.Algorithm.Integer);
        Assert.Equal(32, message.Tag.Length);
    }

    [Fact]
    public void Decode_Sign1Tag18_ThrowsNamingIt()
    {
        var error = Assert.Throws<CoseFormatException>(() => CoseMac0.Decode(CoseWgVector.Load("CWT/A_3.json").Output));

        Assert.Equal("COSE_Mac0", error.Location);
        Assert.Contains("wrong tag 18 (COSE_Sign1), expected 17 (COSE_Mac0)", error.Problem);
    }

    [Fact]
    public void Decode_CwtTagAroundSign1_Throws() =>
        Assert.Contains("CWT tag 61 must wrap a tagged COSE_Mac0 (RFC 8392 §6), found tag 18 (COSE_Sign1)", Rejects("D83DD28443A10105A0" + Payload + Tag32).Problem);

    [Fact]
    public void Decode_CwtTagAroundUntaggedArray_Throws() =>
        Assert.Contains("CWT tag 61 must wrap a tagged COSE_Mac0 (RFC 8392 §6), found no tag", Rejects("D83D8443A10105A0" + Payload + Tag32).Problem);

    [Fact]
    public void Decode_ArrayOfThree_Throws() =>
        Assert.Contains("array of 4 items (RFC 9052 §6.2)", Rejects("D18343A10105A0" + Payload).Problem);

    [Fact]
    public void Decode_TrailingByte_Throws()
    {
        var error = Assert.Throws<CoseFormatException>(() => CoseMac0.Decode([.. Valid, 0x00]));

        Assert.Equal("COSE_Mac0", error.Location);
        Assert.Contains("1 trailing byte(s)", error.Problem);
    }

    [Fact]
    public void Decode_EveryTruncation_Throws()
    {
        for (var length = 0; length < Valid.Length; length++)
        {
            var prefix = Valid[..length];
            Assert.Throws<CoseFormatException>(() => CoseMac0.Decode(prefix));
        }
    }

    [Fact]
    public void Decode_UnprotectedAlg_ThrowsByDefault()
    {
        var error = Rejects("D18440A10105" + Payload + Tag32);

        Assert.Equal("COSE_Mac0[1] unprotected header", error.Location);
        Assert.Contains("alg must be in the protected header", error.Problem);
    }

    [Fact]
    public void Decode_UnprotectedAlgAllowed_VerifiesOverEmptyProtected()
    {
        // RFC 9052 §6.3: with no protected attributes the MAC_structure holds h''. h'A0' (an empty map) is the same
        // empty bucket (§3), so the same tag verifies for both spellings, as the Sig_structure does in CoseSign1.
        var key = RandomNumberGenerator.GetBytes(32);
        var tag = HMACSHA256.HashData(key, Convert.FromHexString("84644D414330404041" + "00"));

        foreach (var emptyProtected in new[] { "40", "41A0" })
        {
            var message = CoseMac0.Decode(Convert.FromHexString("D184" + emptyProtected + "A10105" + Payload + "5820" + Convert.ToHexString(tag)),
                requireProtectedAlg: false);

            Assert.False(message.AlgorithmIsProtected);
            Assert.True(message.Verify(CoseSymmetricKey.FromBytes(key)));
        }
    }

    [Fact]
    public void Decode_UnknownCriticalLabel_NotSupported()
    {
        // protected {1: 5, 2: [99], 99: 0}
        var error = Assert.Throws<NotSupportedException>(() => CoseMac0.Decode(Convert.FromHexString("D1844AA30105028118631863" + "00A0" + Payload + Tag32)));

        Assert.Contains("critical header parameter 99 is not understood", error.Message);
    }

    [Fact]
    public void Decode_UnknownCriticalLabelTheProfileUnderstands_Decodes() =>
        Assert.NotNull(CoseMac0.Decode(Convert.FromHexString("D1844AA30105028118631863" + "00A0" + Payload + Tag32),
            understoodCritical: CritLabels.Cose.With(99)));

    [Fact]
    public void Decode_CritListingAnAbsentLabel_Throws() =>
        Assert.Contains("not in the protected header", Rejects("D18447A2010502811863" + "A0" + Payload + Tag32).Problem);

    [Fact]
    public void Decode_CritInUnprotected_Throws() =>
        Assert.Contains("crit MUST be in the protected header", Rejects("D18443A10105A1028101" + Payload + Tag32).Problem);

    [Fact]
    public void Decode_DuplicateLabelInUnprotected_Throws() =>
        Assert.Equal("COSE_Mac0[1] unprotected header", Rejects("D18443A10105" + "A2044131044132" + Payload + Tag32).Location);

    [Fact]
    public void Decode_LabelInBothBuckets_Throws() =>
        Assert.Contains("in both the protected and the unprotected header", Rejects("D18443A10105A10105" + Payload + Tag32).Problem);

    [Fact]
    public void Decode_KidNotAByteString_Throws() =>
        Assert.Equal("COSE_Mac0[1] unprotected header label 4", Rejects("D18443A10105A10401" + Payload + Tag32).Location);

    [Theory]
    [InlineData("A10105", "581F" + "00000000000000000000000000000000000000000000000000000000000000", "must be 32 bytes for HMAC 256/256 (5), found 31")]
    [InlineData("A10104", "5820" + "0000000000000000000000000000000000000000000000000000000000000000", "must be 8 bytes for HMAC 256/64 (4), found 32")]
    [InlineData("A10104", "49" + "000000000000000000", "must be 8 bytes for HMAC 256/64 (4), found 9")]
    public void Decode_TagOfTheWrongLengthForTheAlgorithm_Throws(string protectedMap, string tag, string problem)
    {
        var error = Rejects("D18443" + protectedMap + "A0" + Payload + tag);

        Assert.Equal("COSE_Mac0[3] tag", error.Location);
        Assert.Contains(problem, error.Problem);
    }

    [Fact]
    public void Decode_TagNotAByteString_Throws() =>
        Assert.Equal("COSE_Mac0[3] tag", Rejects("D18443A10105A0" + Payload + "00").Location);

    [Theory]
    [InlineData("43A10126", "ES256 (-7) is not a MAC algorithm")]         // a signature algorithm
    [InlineData("43A10106", "algorithm 6 is not a MAC algorithm")]        // HMAC 384/384
    [InlineData("48A101654853323536", "\"HS256\" is a text value")]      // alg as tstr
    public void Verify_AlgorithmThisLibraryDoesNotCompute_NotSupported(string protectedBstr, string problem)
    {
        var message = CoseMac0.Decode(Convert.FromHexString("D184" + protectedBstr + "A0" + Payload + "48" + "0000000000000000"));

        var error = Assert.Throws<NotSupportedException>(() => message.Verify(CoseSymmetricKey.FromBytes(RandomNumberGenerator.GetBytes(32))));

        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Decode_CoseSign1Decode_RefusesAMac0() =>
        Assert.Contains("wrong tag 17 (COSE_Mac0), expected 18 (COSE_Sign1)",
            Assert.Throws<CoseFormatException>(() => CoseSign1.Decode(Valid)).Problem);
}
