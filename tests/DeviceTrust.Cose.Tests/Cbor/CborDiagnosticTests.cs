using System.Formats.Cbor;
using System.Text.Json;
using System.Text.RegularExpressions;
using DeviceTrust.Cose.Cbor;
using static DeviceTrust.Cose.Tests.Cbor.CborHex;

namespace DeviceTrust.Cose.Tests.Cbor;

/// <summary>Diagnostic notation (RFC 8949 §8): the RFC's own examples, the cose-wg vectors' cbor_diag, escaping, and
/// refusal of anything that is not exactly one well-formed item.</summary>
public sealed partial class CborDiagnosticTests
{
    private static string Write(string hex, int maxDepth = 64) => CborDiagnostic.Write(Bytes(hex), maxDepth);

    private static CoseFormatException Rejects(string hex, int maxDepth = 64) =>
        Assert.Throws<CoseFormatException>(() => Write(hex, maxDepth));

    // RFC 8949 Appendix A, Table 6 "Examples of Encoded CBOR Data Items": every row, in the table's order (public vector).
    // The two bignum rows are the one deliberate difference: the table shows their numeric value, this writer shows
    // the tag and byte string on the wire, the form Appendix A itself names ("such as 2(h'010000000000000000')").
    public static TheoryData<string, string> AppendixA => new()
    {
        { "00", "0" },
        { "01", "1" },
        { "0a", "10" },
        { "17", "23" },
        { "1818", "24" },
        { "1819", "25" },
        { "1864", "100" },
        { "1903e8", "1000" },
        { "1a000f4240", "1000000" },
        { "1b000000e8d4a51000", "1000000000000" },
        { "1bffffffffffffffff", "18446744073709551615" },
        { "c249010000000000000000", "2(h'010000000000000000')" },   // table: 18446744073709551616
        { "3bffffffffffffffff", "-18446744073709551616" },
        { "c349010000000000000000", "3(h'010000000000000000')" },   // table: -18446744073709551617
        { "20", "-1" },
        { "29", "-10" },
        { "3863", "-100" },
        { "3903e7", "-1000" },
        { "f90000", "0.0" },
        { "f98000", "-0.0" },
        { "f93c00", "1.0" },
        { "fb3ff199999999999a", "1.1" },
        { "f93e00", "1.5" },
        { "f97bff", "65504.0" },
        { "fa47c35000", "100000.0" },
        { "fa7f7fffff", "3.4028234663852886e+38" },
        { "fb7e37e43c8800759c", "1.0e+300" },
        { "f90001", "5.960464477539063e-8" },
        { "f90400", "0.00006103515625" },
        { "f9c400", "-4.0" },
        { "fbc010666666666666", "-4.1" },
        { "f97c00", "Infinity" },
        { "f97e00", "NaN" },
        { "f9fc00", "-Infinity" },
        { "fa7f800000", "Infinity" },
        { "fa7fc00000", "NaN" },
        { "faff800000", "-Infinity" },
        { "fb7ff0000000000000", "Infinity" },
        { "fb7ff8000000000000", "NaN" },
        { "fbfff0000000000000", "-Infinity" },
        { "f4", "false" },
        { "f5", "true" },
        { "f6", "null" },
        { "f7", "undefined" },
        { "f0", "simple(16)" },
        { "f8ff", "simple(255)" },
        { "c074323031332d30332d32315432303a30343a30305a", "0(\"2013-03-21T20:04:00Z\")" },
        { "c11a514b67b0", "1(1363896240)" },
        { "c1fb41d452d9ec200000", "1(1363896240.5)" },
        { "d74401020304", "23(h'01020304')" },
        { "d818456449455446", "24(h'6449455446')" },
        { "d82076687474703a2f2f7777772e6578616d706c652e636f6d", "32(\"http://www.example.com\")" },
        { "40", "h''" },
        { "4401020304", "h'01020304'" },
        { "60", "\"\"" },
        { "6161", "\"a\"" },
        { "6449455446", "\"IETF\"" },
        { "62225c", "\"\\\"\\\\\"" },
        { "62c3bc", "\"\\u00fc\"" },
        { "63e6b0b4", "\"\\u6c34\"" },
        { "64f0908591", "\"\\ud800\\udd51\"" },
        { "80", "[]" },
        { "83010203", "[1, 2, 3]" },
        { "8301820203820405", "[1, [2, 3], [4, 5]]" },
        { "98190102030405060708090a0b0c0d0e0f101112131415161718181819",
            "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]" },
        { "a0", "{}" },
        { "a201020304", "{1: 2, 3: 4}" },
        { "a26161016162820203", "{\"a\": 1, \"b\": [2, 3]}" },
        { "826161a161626163", "[\"a\", {\"b\": \"c\"}]" },
        { "a56161614161626142616361436164614461656145", "{\"a\": \"A\", \"b\": \"B\", \"c\": \"C\", \"d\": \"D\", \"e\": \"E\"}" },
        { "5f42010243030405ff", "(_ h'0102', h'030405')" },
        { "7f657374726561646d696e67ff", "(_ \"strea\", \"ming\")" },
        { "9fff", "[_ ]" },
        { "9f018202039f0405ffff", "[_ 1, [2, 3], [_ 4, 5]]" },
        { "9f01820203820405ff", "[_ 1, [2, 3], [4, 5]]" },
        { "83018202039f0405ff", "[1, [2, 3], [_ 4, 5]]" },
        { "83019f0203ff820405", "[1, [_ 2, 3], [4, 5]]" },
        { "9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff",
            "[_ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]" },
        { "bf61610161629f0203ffff", "{_ \"a\": 1, \"b\": [_ 2, 3]}" },
        { "826161bf61626163ff", "[\"a\", {_ \"b\": \"c\"}]" },
        { "bf6346756ef563416d7421ff", "{_ \"Fun\": true, \"Amt\": -2}" },
    };

    [Theory]
    [MemberData(nameof(AppendixA))]
    public void Write_Rfc8949AppendixAExample_MatchesTheTable(string hex, string diagnostic) =>
        Assert.Equal(diagnostic, Write(hex));

    public static TheoryData<string> CoseWgFiles => new(CoseWgVector.AllFiles());

    // Each cose-wg/Examples file (TestVectors/PROVENANCE.md) carries its message in diagnostic notation, hex in upper case.
    [Theory]
    [MemberData(nameof(CoseWgFiles))]
    public void Write_CoseWgVector_MatchesItsCborDiag(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestVectors", file)));
        var output = json.RootElement.GetProperty("output");
        var expected = HexString().Replace(output.GetProperty("cbor_diag").GetString()!, match => match.Value.ToLowerInvariant());

        Assert.Equal(expected, CborDiagnostic.Write(Convert.FromHexString(output.GetProperty("cbor").GetString()!)));
    }

    [GeneratedRegex("h'[0-9A-Fa-f]*'")]
    private static partial Regex HexString();

    [Fact]
    public void Write_CwtTaggedCoseSign1_NestsTheTagsAroundTheArray()
    {
        // 61(18([protected bstr, unprotected {4: kid, -1: [_ 1]}, detached payload, signature]))
        const string sign1 = "D8 3D D2 84 43 A10126 A2 04 42 3131 20 9F 01 FF F6 42 00FF";

        Assert.Equal("61(18([h'a10126', {4: h'3131', -1: [_ 1]}, null, h'00ff']))", Write(sign1));
        Assert.Equal("{1: -7}", Write("A10126"));
    }

    [Fact]
    public void Write_TextWithQuotesBackslashesAndControls_EscapesThemAsJson()
    {
        var writer = new CborWriter();
        writer.WriteTextString("q\"b\\s/\b\f\n\r\t\u0000\u001f\u007f\u00e9");

        Assert.Equal("\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0000\\u001f\\u007f\\u00e9\"", CborDiagnostic.Write(writer.Encode()));
    }

    [Fact]
    public void Write_InvalidUtf8Text_ShowsTheReplacementCharacter() =>
        Assert.Equal("\"\\ufffd(\"", Write("62 C328"));

    [Theory]
    [InlineData("A2 02 00 02 01", "{2: 0, 2: 1}")]   // duplicate key, as Lax mode reads it
    [InlineData("A2 02 00 01 00", "{2: 0, 1: 0}")]   // keys out of order
    [InlineData("18 01", "1")]                       // not the shortest head
    [InlineData("FA 3FC00000", "1.5")]               // a single that fits a half
    [InlineData("5F FF", "''_")]                     // empty indefinite strings: RFC 8610 Appendix G.2
    [InlineData("7F FF", "\"\"_")]
    [InlineData("BF FF", "{_ }")]
    [InlineData("C2 40", "2(h'')")]
    [InlineData("DB FFFFFFFFFFFFFFFF 00", "18446744073709551615(0)")]
    public void Write_WellFormedButNotStrict_IsShownAsEncoded(string hex, string diagnostic) =>
        Assert.Equal(diagnostic, Write(hex));

    // Floats beyond Appendix A, printed as JavaScript's Number.prototype.toString prints them, plus ".0".
    [Theory]
    [InlineData("FB 3EB0C6F7A0B5ED8D", "0.000001")]
    [InlineData("FB 3E7AD7F29ABCAF48", "1.0e-7")]
    [InlineData("FB 4415AF1D78B58C40", "100000000000000000000.0")]
    [InlineData("FB 444B1AE4D6E2EF50", "1.0e+21")]
    [InlineData("FB 0000000000000001", "5.0e-324")]
    [InlineData("FB BECBF647612F3696", "-0.0000033333333333333333")]
    [InlineData("FA 61800000", "295147905179352830000.0")]
    [InlineData("F9 7E01", "NaN")]
    [InlineData("F9 FE00", "NaN")]
    public void Write_Float_UsesTheShortestRoundTripDigits(string hex, string diagnostic) =>
        Assert.Equal(diagnostic, Write(hex));

    [Fact]
    public void Write_TrailingByte_ThrowsWithItsOffset()
    {
        var error = Rejects("01 00");

        Assert.Equal("CBOR item", error.Location);
        Assert.Equal("1 trailing byte(s) after the CBOR item", error.Problem);
        Assert.Equal(1, error.Offset);
    }

    [Fact]
    public void Write_EmptyInput_Throws() =>
        Assert.Equal("empty input", Assert.Throws<CoseFormatException>(() => CborDiagnostic.Write(ReadOnlyMemory<byte>.Empty)).Problem);

    [Fact]
    public void Write_EveryTruncationOfACoseSign1_Throws()
    {
        var sign1 = Bytes("D8 3D D2 84 43 A10126 A2 04 42 3131 20 9F 01 FF F6 42 00FF");
        for (var length = 0; length < sign1.Length; length++)
        {
            var prefix = sign1[..length];
            Assert.Throws<CoseFormatException>(() => CborDiagnostic.Write(prefix));
        }
    }

    [Fact]
    public void Write_TruncatedItemInAnArray_ThrowsAtItsPathAndOffset()
    {
        // [1, 25 written as 0x1901 with one of its two argument bytes missing]
        var error = Rejects("82 01 19 01");

        Assert.Equal("CBOR item/1", error.Location);
        Assert.StartsWith("malformed CBOR", error.Problem);
        Assert.Equal(2, error.Offset);
        Assert.IsType<CborContentException>(error.InnerException);
    }

    [Theory]
    [InlineData("F8 18")]            // simple(24) in two bytes: RFC 7049's example, dropped from RFC 8949 (§3.3)
    [InlineData("F8 14")]            // false in two bytes
    [InlineData("1C")]               // reserved additional information 28 (RFC 8949 §3)
    [InlineData("FF")]               // a break outside an indefinite-length item
    [InlineData("5F 5F 41 01 FF FF")] // an indefinite-length chunk (§3.2.3)
    [InlineData("5F 61 61 FF")]      // a text chunk in a byte string
    [InlineData("BF 01 FF")]         // a key without a value
    public void Write_NotWellFormed_Throws(string hex) =>
        Assert.Throws<CoseFormatException>(() => Write(hex));

    [Fact]
    public void Write_TwoByteSimpleValue_NamesTheRule() =>
        Assert.Contains("RFC 8949 §3.3", Rejects("F8 18").Problem);

    [Fact]
    public void Write_SixtyFourNestedArrays_Renders() =>
        Assert.Equal(new string('[', 64) + "0" + new string(']', 64), Write(string.Concat(Enumerable.Repeat("81", 64)) + "00"));

    [Fact]
    public void Write_SixtyFiveNestedArrays_ThrowsBeyondTheDefaultDepth()
    {
        var error = Rejects(string.Concat(Enumerable.Repeat("81", 65)) + "00");

        Assert.Equal("more than 64 arrays, maps and tags nested inside each other", error.Problem);
        Assert.Equal(64, error.Offset);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void Write_ThousandNestedTags_ThrowsInsteadOfRecursing() =>
        Assert.Contains("nested inside each other", Rejects(string.Concat(Enumerable.Repeat("C1", 1000)) + "00").Problem);

    [Fact]
    public void Write_BeyondAGivenMaxDepth_ThrowsAtThePathOfTheDeepestItem()
    {
        Assert.Equal("[[0], {1: 2}]", Write("82 81 00 A1 01 02", maxDepth: 2));

        var error = Rejects("82 81 00 A1 01 81 00", maxDepth: 2);

        Assert.Equal("CBOR item/1/value 0", error.Location);
        Assert.Equal(5, error.Offset);
    }

    [Fact]
    public void Write_MaxDepthZero_RendersOnlyScalars()
    {
        Assert.Equal("h'00'", Write("41 00", maxDepth: 0));
        Rejects("80", maxDepth: 0);
        Rejects("C1 00", maxDepth: 0);
    }

    [Fact]
    public void Write_NegativeMaxDepth_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Write("00", maxDepth: -1));

    [Fact]
    public void Write_Reader_RendersTheNextItemAndMovesPastIt()
    {
        // A strict reader would refuse the duplicate key; the diagnostic shows it.
        var reader = new CborReader(Bytes("83 01 A2 01 00 01 00 03"), CborConformanceMode.Strict);
        reader.ReadStartArray();
        reader.ReadInt32();

        Assert.Equal("{1: 0, 1: 0}", CborDiagnostic.Write(reader));
        Assert.Equal(3, reader.ReadInt32());
    }

    [Fact]
    public void Write_ReaderAtATruncatedItem_Throws()
    {
        var reader = new CborReader(Bytes("82 01"), CborConformanceMode.Lax);

        Assert.Throws<CoseFormatException>(() => CborDiagnostic.Write(reader));
    }
}
