using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Attestation.Tests.Eat;

/// <summary>Every claim survives encode → decode, and the deterministic encoding is a fixed point.</summary>
public sealed class EatClaimsSetRoundTripTests
{
    [Fact]
    public void EncodeDecode_EveryClaim_ComesBackWithItsValue()
    {
        var original = EatSamples.Full();

        var decoded = EatClaimsSet.Decode(original.Encode());

        Assert.Equal(original.Issuer, decoded.Issuer);
        Assert.Equal(original.Subject, decoded.Subject);
        Assert.Equal(original.Audience, decoded.Audience);
        Assert.Equal(original.Expiration, decoded.Expiration);
        Assert.Equal(1_700_000_000.5, decoded.NotBefore!.Value.FractionalSeconds);
        Assert.Equal(original.IssuedAt, decoded.IssuedAt);
        Assert.Equal(original.CwtId, decoded.CwtId);
        Assert.Equal(original.Nonce, decoded.Nonce);
        Assert.Equal(original.Ueid, decoded.Ueid);
        Assert.Equal(original.Sueids, decoded.Sueids);
        Assert.Equal(original.OemId!.Bytes, decoded.OemId!.Bytes);
        Assert.Null(decoded.OemId.PrivateEnterpriseNumber);
        Assert.Equal(original.HardwareModel, decoded.HardwareModel);
        Assert.Equal(original.HardwareVersion, decoded.HardwareVersion);
        Assert.Equal(original.Uptime, decoded.Uptime);
        Assert.Equal(original.OemBoot, decoded.OemBoot);
        Assert.Equal(original.DebugStatus, decoded.DebugStatus);
        Assert.Equal(original.Location, decoded.Location);
        Assert.Equal(original.Profile, decoded.Profile);
        var fw = Assert.IsType<EatClaimsSubmodule>(Assert.Single(decoded.Submodules!).Value);
        Assert.Equal(new EatVersion("2.0.1", 1), fw.Claims.SoftwareVersion);
        Assert.Equal("fw", fw.Claims.SoftwareName);
        Assert.Equal(original.BootCount, decoded.BootCount);
        Assert.Equal(original.BootSeed, decoded.BootSeed);
        Assert.Equal(original.Dloas, decoded.Dloas);
        Assert.Equal(original.SoftwareName, decoded.SoftwareName);
        Assert.Equal(original.SoftwareVersion, decoded.SoftwareVersion);
        Assert.Equal(258ul, Assert.Single(decoded.Manifests!).ContentFormat);
        Assert.Equal(original.Manifests![0].Content, decoded.Manifests![0].Content);
        Assert.Equal(original.Measurements![0].Content, Assert.Single(decoded.Measurements!).Content);
        var group = Assert.Single(decoded.MeasurementResults!);
        Assert.Equal("Trustus", group.System);
        Assert.Equal(("os", EatComparisonResult.Successful), (group.Results[0].IdText, group.Results[0].Result));
        Assert.Equal(new byte[] { 1, 2 }, group.Results[1].IdBytes);
        Assert.Equal(EatComparisonResult.Fail, group.Results[1].Result);
        Assert.Equal(original.IntendedUse, decoded.IntendedUse);
        Assert.Equal(original.OtherClaims[-80000].ToArray(), decoded.OtherClaims[-80000].ToArray());
    }

    [Fact]
    public void Encode_IsDeterministic_AndAFixedPointOfDecode()
    {
        var encoded = EatSamples.Full().Encode();

        // RFC 8949 §4.2.1: the core's deterministic check accepts it, and re-encoding what was decoded changes nothing.
        CborLabelledMap.Decode(encoded, "claims", rules: CborRules.Deterministic);
        Assert.Equal(encoded, EatClaimsSet.Decode(encoded).Encode());
    }

    [Theory]
    [InlineData("A1 0A 48 0102030405060708", "single nonce")]
    [InlineData("A1 190102 19FAF2", "oemid as a PEN")]
    [InlineData("A1 190102 50 9bef8787eba13e2c8f6e7cb4b1f4619a", "16-byte random oemid")]
    [InlineData("A1 190109 49 2B0601040182371501", "eat_profile as an OID")]
    [InlineData("A1 03 61 61", "aud as one tstr")]
    [InlineData("A1 190104 81 63 312E30", "hwversion without scheme")]
    [InlineData("A1 190100 4F 03 3530303130323033303430353036", "IMEI UEID")]
    [InlineData("A1 190100 47 02 001122334455", "EUI-48 UEID")]
    [InlineData("A1 190100 58 21 01 0000000000000000000000000000000000000000000000000000000000000000", "256-bit RAND UEID")]
    [InlineData("A1 190108 A2 01 F93E00 02 FB4002666666666666", "location with half and double floats")]
    public void DecodeEncode_OtherForms_RoundTripByteForByte(string hex, string form)
    {
        var encoded = EatSamples.Hex(hex);

        Assert.True(encoded.AsSpan().SequenceEqual(EatClaimsSet.Decode(encoded).Encode()), form);
    }

    [Fact]
    public void Decode_NumericDatesAsIntAndFloat_KeepTheirForm()
    {
        var decoded = EatClaimsSet.Decode(EatSamples.Hex("A2 04 1A5612AEB0 06 FB41D9546F7A400000"));

        Assert.Equal(1444064944, decoded.Expiration!.Value.Seconds);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1444064944), decoded.Expiration.Value.ToDateTimeOffset());
        Assert.Null(decoded.IssuedAt!.Value.Seconds);
        Assert.Equal(1699855849.0, decoded.IssuedAt.Value.FractionalSeconds);
    }

    [Fact]
    public void Decode_TextLabelledUnknownClaim_IsKeptAndWrittenBack()
    {
        var encoded = EatSamples.Hex("A2 0A 48 0102030405060708 65 7670726976 82 01 A1 02 03"); // {10: nonce, "vpriv": [1, {2: 3}]}

        var decoded = EatClaimsSet.Decode(encoded);

        Assert.Equal(EatSamples.Hex("82 01 A1 02 03"), decoded.OtherClaims[CoseLabel.Of("vpriv")].ToArray());
        Assert.Equal(encoded, decoded.Encode());
    }

    [Fact]
    public void Decode_UnknownClaim_DoesNotShareTheCallersBuffer()
    {
        var encoded = EatSamples.Hex("A1 3A0001387F 41 01");   // {-80000: h'01'}

        var decoded = EatClaimsSet.Decode(encoded);
        encoded[^1] = 0x02;

        Assert.Equal(EatSamples.Hex("41 01"), decoded.OtherClaims[-80000].ToArray());
    }

    [Fact]
    public void Decode_ConfirmationClaim_IsKeptRaw()
    {
        var encoded = EatSamples.Hex("A1 08 A1 03 41 01");   // {8 (cnf): {3 (kid): h'01'}} (RFC 8747 §3.4)

        var decoded = EatClaimsSet.Decode(encoded);

        Assert.Equal(EatSamples.Hex("A1 03 41 01"), decoded.OtherClaims[EatClaimKeys.Confirmation].ToArray());
        Assert.Equal(encoded, decoded.Encode());
    }

    [Fact]
    public void Encode_UnorderedInput_WritesKeysInBytewiseOrder()
    {
        var claims = new EatClaimsSet { SoftwareName = "x", Issuer = "i", OtherClaims = new Dictionary<CoseLabel, ReadOnlyMemory<byte>>
        {
            [-1] = EatSamples.Encoded(w => w.WriteInt32(0)),
            [CoseLabel.Of("a")] = EatSamples.Encoded(w => w.WriteInt32(0)),
        } };

        // 0x01 (iss) < 0x19010E (swname) < 0x20 (-1) < 0x6161 ("a")
        Assert.Equal(EatSamples.Hex("A4 01 61 69 19010E 61 78 20 00 61 61 00"), claims.Encode());
    }
}
