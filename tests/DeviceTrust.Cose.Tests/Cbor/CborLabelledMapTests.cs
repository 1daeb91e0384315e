using System.Formats.Cbor;
using DeviceTrust.Cose.Cbor;
using static DeviceTrust.Cose.Tests.Cbor.CborHex;

namespace DeviceTrust.Cose.Tests.Cbor;

/// <summary>Labelled maps: unique int / tstr labels named in errors, optional key order, open or closed, typed access.</summary>
public sealed class CborLabelledMapTests
{
    private static CborLabelledMap Decode(string hex, CborMapOptions? options = null) =>
        CborLabelledMap.Decode(Bytes(hex), "claims", options);

    private static CborFormatException Rejects(string hex, CborMapOptions? options = null) =>
        Assert.Throws<CborFormatException>(() => Decode(hex, options));

    [Fact]
    public void Decode_SameIntLabelSameEncoding_ThrowsNamingTheLabel()
    {
        var error = Rejects("A2 01 00 01 01");

        Assert.Equal("claims", error.Where);
        Assert.Contains("duplicate label 1", error.What);
    }

    [Fact]
    public void Decode_SameIntLabelEncodedTwoWays_ThrowsNamingTheLabel()
    {
        // {1: 0, 1 written as 0x1801: 1}: two different key encodings, so the Strict conformance mode lets it through.
        const string map = "A2 01 00 18 01 01";
        new CborReader(Bytes(map), CborConformanceMode.Strict).SkipValue();

        Assert.Contains("duplicate label 1", Rejects(map).What);
    }

    [Fact]
    public void Decode_SameTextLabelTwice_ThrowsNamingTheLabel() =>
        Assert.Contains("duplicate label \"nonce\"", Rejects("A2 65 6E6F6E6365 00 65 6E6F6E6365 01").What);

    [Fact]
    public void Decode_IntOneAndTextOne_AreTwoLabels()
    {
        var map = Decode("A2 01 00 61 31 01");

        Assert.Equal([CoseLabel.Of(1), CoseLabel.Of("1")], map.Labels);
    }

    [Fact]
    public void Decode_OutOfOrderWithDeterministicOrder_ThrowsNamingTheLabel() =>
        Assert.Contains("label 1 is out of order", Rejects("A2 02 00 01 00", new CborMapOptions { DeterministicOrder = true }).What);

    [Fact]
    public void Decode_OutOfOrderWithoutDeterministicOrder_KeepsWireOrder() =>
        Assert.Equal([CoseLabel.Of(2), CoseLabel.Of(1)], Decode("A2 02 00 01 00").Labels);

    [Fact]
    public void Decode_UnknownLabelInClosedMap_ThrowsNamingIt() =>
        Assert.Contains("label 99 is not allowed", Rejects("A2 01 00 18 63 00", CborMapOptions.Closed(1, 2)).What);

    [Fact]
    public void Decode_UnknownLabelInOpenMap_Kept() =>
        Assert.True(Decode("A2 01 00 18 63 00", CborMapOptions.Open).Contains(99));

    [Fact]
    public void Decode_ByteStringLabel_Throws() =>
        Assert.Contains("label must be int or tstr", Rejects("A1 41 00 00").What);

    [Fact]
    public void Decode_LabelBeyondInt64_ThrowsOutOfRange() =>
        Assert.Contains("integer out of range", Rejects("A1 1B FFFFFFFFFFFFFFFF 00").What);

    [Fact]
    public void Decode_DuplicateKeyInsideAValue_ThrowsAtTheValuePath() =>
        Assert.Equal("claims/1", Rejects("A1 01 A2 02 00 02 01").Where);

    [Fact]
    public void Decode_NotAMap_ThrowsNamingWhatWasFound() =>
        Assert.Equal("a map expected, found an array", Rejects("80").What);

    [Fact]
    public void RequireText_IntegerValue_ThrowsAtTheLabelPath()
    {
        var error = Assert.Throws<CborFormatException>(() => Decode("A1 01 02").RequireText(1));

        Assert.Equal("claims/1", error.Where);
        Assert.Equal("a text string expected, found an integer", error.What);
    }

    [Fact]
    public void RequireBytes_InNestedMap_ThrowsAtTheNestedPath()
    {
        // {3: {2: "x"}}
        var manifest = CborLabelledMap.Decode(Bytes("A1 03 A1 02 61 78"), "manifest");

        var error = Assert.Throws<CborFormatException>(() => manifest.RequireMap(3).RequireBytes(2));

        Assert.Equal("manifest/3/2", error.Where);
    }

    [Fact]
    public void RequireInt64_Absent_ThrowsNamingTheLabel() =>
        Assert.Equal("label 10 is missing", Assert.Throws<CborFormatException>(() => Decode("A1 01 02").RequireInt64(10)).What);

    [Fact]
    public void GetAccessors_PresentAndAbsent_ReturnValueOrNull()
    {
        // {1: -7, 2: "x", 3: h'01'}
        var map = Decode("A3 01 26 02 61 78 03 41 01");

        Assert.Equal(-7, map.GetInt64(1));
        Assert.Equal("x", map.GetText(2));
        Assert.Equal([1], map.GetBytes(3));
        Assert.Null(map.GetBytes(4));
        Assert.Null(map.GetMap(4));
    }

    [Fact]
    public void Read_ReaderLeavesPartOfTheValue_ThrowsTrailingAtTheLabelPath() =>
        Assert.Equal("claims/1", Assert.Throws<CborFormatException>(() => Decode("A1 01 82 01 02").Read(1, reader =>
        {
            reader.ReadStartArray();
            return reader.ReadInt32();
        })).Where);

    [Fact]
    public void NestedMaps_ValidatedOnceAtTheTop_StillRefuseInvalidUtf8TwoLevelsDown()
    {
        // {1: {2: {3: "\xFF"}}}: the innermost text is not UTF-8.
        var error = Rejects("A1 01 A1 02 A1 03 61 FF");

        Assert.Equal("claims/1", error.Where);
    }

    [Fact]
    public void NestedMaps_ReadThroughTypedAccessors_KeepTheirOwnDuplicateLabelCheck()
    {
        // {1: {2: 0, 2 written as 0x1802: 1}}: strict CBOR (the key encodings differ), the same label by value.
        var outer = Decode("A1 01 A2 02 00 18 02 01");

        var error = Assert.Throws<CborFormatException>(() => outer.RequireMap(1));

        Assert.Equal("claims/1", error.Where);
        Assert.Contains("duplicate label 2", error.What);
    }

    [Fact]
    public void ByteStringContent_DecodedInsideAnAccessor_IsValidatedOnItsOwn()
    {
        // {1: h'A2 01 61 FF 02 00'}: the map inside the byte string was never checked by the outer one, and its label 1
        // holds invalid UTF-8; only label 2 is read, so only the map's own check can refuse it.
        var outer = Decode("A1 01 46 A2 01 61 FF 02 00");

        Assert.Throws<CborFormatException>(() => outer.Read(1, reader =>
        {
            var inner = new CborReader(reader.ReadByteString(), CborConformanceMode.Strict);
            return CborLabelledMap.Read(inner, "inner").RequireInt64(2);
        }));
    }

    [Fact]
    public void Decode_TruncatedInsideAValue_ThrowsAtTheMapPath()
    {
        // {1: "a?"} with the second byte of the text missing: not well-formed, so the map's defect, not the value's.
        var error = Rejects("A1 01 62 61");

        Assert.Equal("claims", error.Where);
        Assert.Contains("malformed CBOR", error.What);
    }

    [Fact]
    public void Read_FromALaxReader_StillChecksTheValuesByTheStrictRules()
    {
        // {1: "\xFF"}: a Lax reader accepts the text; the map is checked by the strict rules all the same.
        var reader = new CborReader(Bytes("A1 01 61 FF"), CborConformanceMode.Lax);

        var error = Assert.Throws<CborFormatException>(() => CborLabelledMap.Read(reader, "claims"));

        Assert.Equal("claims/1", error.Where);
    }

    [Fact]
    public void Read_FromAStrictReader_LeavesItAfterTheMap()
    {
        // [{1: 2}, 3]: the map is read in place, and the reader goes on with the next item.
        var third = StrictCbor.Decode(Bytes("82 A1 01 02 03"), "pair", reader =>
        {
            reader.ReadStartArray();
            var map = CborLabelledMap.Read(reader, "pair/0");
            Assert.Equal(2, map.RequireInt64(1));
            var next = reader.ReadInt32();
            reader.ReadEndArray();
            return next;
        });

        Assert.Equal(3, third);
    }
}
