using System.Formats.Cbor;
using DeviceTrust.Cose.Cbor;
using static DeviceTrust.Cose.Tests.Cbor.CborHex;

namespace DeviceTrust.Cose.Tests.Cbor;

/// <summary>CborRules.DefiniteLengths and CborRules.Deterministic (RFC 8949 §4.2.1), with the path of each defect.</summary>
public sealed class CborRulesTests
{
    private static CborFormatException Rejects(string hex, CborRules rules, string where = "manifest") =>
        Assert.Throws<CborFormatException>(() => Decode(hex, rules, where));

    private static bool Decode(string hex, CborRules rules, string where = "manifest") =>
        StrictCbor.Decode(Bytes(hex), where, reader =>
        {
            reader.SkipValue();
            return true;
        }, rules);

    [Theory]
    [InlineData("58")]               // a byte string whose one-byte length is missing
    [InlineData("81 19")]            // an array holding an integer cut inside its two-byte head
    [InlineData("A1 01 1A 00 01")]   // a map value cut inside its four-byte head
    [InlineData("D8 6B")]            // a tag with nothing under it
    public void Decode_HeadCutShortUnderDeterministic_AFormatError(string hex) =>
        Assert.NotEmpty(Rejects(hex, CborRules.Deterministic).What);

    [Fact]
    public void Decode_IndefiniteArrayUnderStrict_Accepted() => Assert.True(Decode("9F 01 02 FF", CborRules.Strict));

    [Fact]
    public void Decode_IndefiniteArrayUnderDefiniteLengths_ThrowsAtItsPath()
    {
        // {3: [_ 1]}
        var error = Rejects("A1 03 9F 01 FF", CborRules.DefiniteLengths);

        Assert.Equal("manifest/3", error.Where);
        Assert.Contains("indefinite-length array", error.What);
        Assert.Equal(2, error.Offset);
    }

    [Theory]
    [InlineData("5F 41 01 FF", "string")]   // (_ h'01')
    [InlineData("7F 61 61 FF", "string")]   // (_ "a")
    [InlineData("BF 01 02 FF", "map")]      // {_ 1: 2}
    public void Decode_IndefiniteLengthItemUnderDeterministic_Throws(string hex, string kind) =>
        Assert.Contains($"indefinite-length {kind}", Rejects(hex, CborRules.Deterministic).What);

    [Theory]
    [InlineData("18 01")]                   // 1 with a one-byte argument
    [InlineData("39 0000")]                 // -1 with a two-byte argument
    [InlineData("D8 09 01")]                // tag 9 with a one-byte argument
    [InlineData("DA 00000012 00")]          // tag 18 with a four-byte argument
    [InlineData("FB 3FF0000000000000")]     // 1.0 as a double; half precision keeps it
    [InlineData("FA 3F800000")]             // 1.0 as a single
    [InlineData("F8 14")]                   // false as a two-byte simple value
    public void Decode_HeadNotInShortestFormUnderDeterministic_Throws(string hex) =>
        Assert.Contains("shortest form", Rejects(hex, CborRules.Deterministic).What);

    [Fact]
    public void Decode_LongFormLengthInsideArray_ThrowsAtTheElementPath()
    {
        // [1, h'00' with its length in two bytes]
        var error = Rejects("82 01 59 0001 00", CborRules.Deterministic);

        Assert.Equal("manifest/1", error.Where);
        Assert.Equal(2, error.Offset);
    }

    [Theory]
    [InlineData("18 01")]
    [InlineData("FB 3FF0000000000000")]
    public void Decode_LongFormHeadUnderStrict_Accepted(string hex) => Assert.True(Decode(hex, CborRules.Strict));

    [Theory]
    [InlineData("F9 3C00")]                 // 1.0 as a half
    [InlineData("FA 3FC00001")]             // a single that no half holds
    [InlineData("FB 3FF0000000000001")]     // a double that no single holds
    [InlineData("1B 0000000100000000")]     // 2^32 needs eight bytes
    public void Decode_ShortestHeadUnderDeterministic_Accepted(string hex) => Assert.True(Decode(hex, CborRules.Deterministic));

    [Fact]
    public void Decode_KeysOutOfBytewiseOrder_ThrowsNamingTheLabel()
    {
        // {-1: 0, 24: 0}: shorter key first, RFC 7049 §3.9 canonical order, but 0x20 sorts after 0x1818.
        var error = Rejects("A2 20 00 18 18 00", CborRules.Deterministic);

        Assert.Equal("manifest", error.Where);
        Assert.Contains("label 24 is out of order", error.What);
    }

    [Fact]
    public void Decode_KeysInBytewiseOrder_AcceptedWhereCborWritersCanonicalModeDisagrees()
    {
        var map = Bytes("A2 18 18 00 20 00");   // {24: 0, -1: 0}

        Assert.True(Decode("A2 18 18 00 20 00", CborRules.Deterministic));
        Assert.Throws<CborContentException>(() => new CborReader(map, CborConformanceMode.Canonical).SkipValue());
    }

    [Fact]
    public void Decode_NestedMapOutOfOrder_ThrowsAtTheNestedPath()
    {
        // {3: {2: {2: 0, 1: 0}}}
        var error = Rejects("A1 03 A1 02 A2 02 00 01 00", CborRules.Deterministic);

        Assert.Equal("manifest/3/2", error.Where);
        Assert.Contains("label 1 is out of order", error.What);
    }

    [Fact]
    public void Decode_SameKeyTwiceUnderDeterministic_ThrowsDuplicate() =>
        Assert.Contains("duplicate label \"a\"", Rejects("A2 61 61 00 61 61 01", CborRules.Deterministic).What);

    [Fact]
    public void Decode_TrailingByteUnderDeterministic_ReportedAsTrailing() =>
        Assert.Contains("trailing", Rejects("01 00", CborRules.Deterministic).What);

    [Fact]
    public void Decode_TruncatedUnderDeterministic_ThrowsCborFormatException() =>
        Assert.Contains("malformed CBOR", Rejects("82 01", CborRules.Deterministic).What);
}
