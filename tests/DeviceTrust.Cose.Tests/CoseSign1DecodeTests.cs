namespace DeviceTrust.Cose.Tests;

/// <summary>Strict decoding (STYLE.md "Protocol libraries"): each defect is a CoseFormatException naming where it is.</summary>
public sealed class CoseSign1DecodeTests
{
    // CWT A.3 (ES256): 18([h'A10126', {}, payload, signature]).
    private static readonly byte[] Valid = CoseWgVector.Load("CWT/A_3.json").Output;

    private static CoseFormatException Rejects(string hex) =>
        Assert.Throws<CoseFormatException>(() => CoseSign1.Decode(Convert.FromHexString(hex)));

    [Fact]
    public void Decode_TrailingByte_ThrowsNamingTrailingBytes()
    {
        var error = Assert.Throws<CoseFormatException>(() => CoseSign1.Decode([.. Valid, 0x00]));

        Assert.Equal("COSE_Sign1", error.Location);
        Assert.Contains("1 trailing byte(s)", error.Problem);
    }

    [Fact]
    public void Decode_EveryTruncation_ThrowsCoseFormatException()
    {
        for (var length = 0; length < Valid.Length; length++)
        {
            var prefix = Valid[..length];
            Assert.Throws<CoseFormatException>(() => CoseSign1.Decode(prefix));
        }
    }

    [Fact]
    public void Decode_DuplicateKeyInUnprotectedHeader_Throws() =>
        Assert.Equal("COSE_Sign1[1] unprotected header", Rejects("D28443A10126A20441310441324040").Location);

    [Fact]
    public void Decode_DuplicateKeyInProtectedHeader_Throws() =>
        Assert.Equal("COSE_Sign1[0] protected header", Rejects("D28445A201260126A04040").Location);

    [Fact]
    public void Decode_SameLabelSpelledTwoWays_ThrowsDuplicateLabel()
    {
        // 1 and 0x18 0x01 are two encodings of the label 1.
        var error = Rejects("D28446A20126180126A04040");

        Assert.Equal("COSE_Sign1[0] protected header", error.Location);
    }

    [Fact]
    public void Decode_LabelInBothBuckets_Throws() =>
        Assert.Contains("in both the protected and the unprotected header", Rejects("D28443A10126A101264040").Problem);

    [Fact]
    public void Decode_WrongTag_ThrowsNamingIt() =>
        Assert.Contains("wrong tag 98 (COSE_Sign)", Rejects("D8628443A10126A04040").Problem);

    [Fact]
    public void Decode_CwtTagAroundUntaggedArray_Throws() =>
        Assert.Contains("CWT tag 61", Rejects("D83D8443A10126A04040").Problem);

    [Fact]
    public void Decode_ProtectedHeaderNotAByteString_Throws()
    {
        var error = Rejects("D284A10126A04040");

        Assert.Equal("COSE_Sign1[0] protected header", error.Location);
        Assert.Contains("a byte string expected, found a map", error.Problem);
    }

    [Fact]
    public void Decode_ProtectedBstrWithTrailingBytes_Throws() =>
        Assert.Equal("COSE_Sign1[0] protected header", Rejects("D28444A1012600A04040").Location);

    [Fact]
    public void Decode_ArrayOfThree_Throws() =>
        Assert.Contains("array of 4 items", Rejects("D28343A10126A040").Problem);

    [Fact]
    public void Decode_PayloadNotBytesOrNil_Throws() =>
        Assert.Equal("COSE_Sign1[2] payload", Rejects("D28443A10126A00140").Location);

    [Fact]
    public void Decode_SignatureNotBytes_Throws() =>
        Assert.Equal("COSE_Sign1[3] signature", Rejects("D28443A10126A04060").Location);

    [Fact]
    public void Decode_EmptyInput_Throws() => Assert.Contains("empty input", Rejects("").Problem);

    [Fact]
    public void Decode_ByteStringLabel_Throws() =>
        Assert.Contains("label must be int or tstr", Rejects("D28443A10126A141010140 40".Replace(" ", "")).Problem);

    [Fact]
    public void Decode_NoAlg_Throws() => Assert.Contains("no alg", Rejects("D28440A04040").Problem);

    [Fact]
    public void Decode_KidNotAByteString_Throws() =>
        Assert.Equal("COSE_Sign1[1] unprotected header label 4", Rejects("D28443A10126A104014040").Location);

    [Fact]
    public void Decode_CritListingUnderstoodLabel_Accepted()
    {
        // protected {1: -7, 2: [1]}
        var message = CoseSign1.Decode(Convert.FromHexString("D28446A201260281 01A04040".Replace(" ", "")));

        Assert.Equal(CoseAlgorithms.ES256, message.Algorithm.Integer);
    }

    [Fact]
    public void Decode_CritListingUnknownLabel_ThrowsNotSupported()
    {
        // protected {1: -7, 2: [-70000], -70000: 0}: a critical parameter this library does not know.
        var error = Assert.Throws<NotSupportedException>(() =>
            CoseSign1.Decode(Convert.FromHexString("D28450A301260281 3A0001116F 3A0001116F00 A04040".Replace(" ", ""))));

        Assert.Contains("-70000", error.Message);
    }

    [Fact]
    public void Decode_CritListingAbsentLabel_Throws() =>
        Assert.Contains("not in the protected header", Rejects("D28446A20126028104A04040").Problem);

    [Fact]
    public void Decode_CritEmpty_Throws() => Assert.Contains("at least one label", Rejects("D28445A2012602 80A04040".Replace(" ", "")).Problem);

    [Fact]
    public void Decode_CritInUnprotectedHeader_Throws() =>
        Assert.Equal("COSE_Sign1[1] unprotected header", Rejects("D28443A10126A102810140 40".Replace(" ", "")).Location);

    [Fact]
    public void Decode_InsideCwtTag_DecodesTheSign1()
    {
        var message = CoseSign1.Decode([0xD8, 0x3D, .. Valid]);

        Assert.True(message.IsTagged);
        Assert.Equal(Valid, message.Encoded.ToArray());
    }

    [Fact]
    public void Decode_Untagged_Accepted()
    {
        var message = CoseSign1.Decode(Valid.AsSpan(1));

        Assert.False(message.IsTagged);
    }

    [Fact]
    public void Decode_CallerChangesItsBufferAfterwards_MessageUnchanged()
    {
        var buffer = (byte[])Valid.Clone();
        var message = CoseSign1.Decode(buffer);
        var payload = message.Payload!.Value.ToArray();

        Array.Clear(buffer);

        Assert.Equal(payload, message.Payload!.Value.ToArray());
    }
}
