using System.Formats.Cbor;
using DeviceTrust.Cose.Cbor;
using static DeviceTrust.Cose.Tests.Cbor.CborHex;

namespace DeviceTrust.Cose.Tests.Cbor;

/// <summary>The strict entry point: one item, nothing after it, every lower-level exception as a CborFormatException.</summary>
public sealed class StrictCborTests
{
    private static bool Skip(CborReader reader)
    {
        reader.SkipValue();
        return true;
    }

    [Fact]
    public void Decode_TrailingByte_ThrowsWithItsOffset()
    {
        var error = Assert.Throws<CborFormatException>(() => StrictCbor.Decode(Bytes("01 00"), "item", Skip));

        Assert.Equal("item", error.Where);
        Assert.Contains("1 trailing byte(s)", error.What);
        Assert.Equal(1, error.Offset);
    }

    [Fact]
    public void Decode_EmptyInput_Throws() =>
        Assert.Contains("empty input", Assert.Throws<CborFormatException>(() => StrictCbor.Decode(ReadOnlyMemory<byte>.Empty, "item", Skip)).What);

    [Fact]
    public void Decode_EveryTruncation_ThrowsCborFormatException()
    {
        // {1: "abc", 2: [1, h'0102']}
        var map = Bytes("A2 01 63 616263 02 82 01 42 0102");
        for (var length = 0; length < map.Length; length++)
        {
            var prefix = map[..length];
            Assert.Throws<CborFormatException>(() => CborLabelledMap.Decode(prefix, "map"));
        }
    }

    [Fact]
    public void Decode_WrongTypeAskedOfTheReader_WrapsTheReadersExceptionWithOffset()
    {
        var error = Assert.Throws<CborFormatException>(() => StrictCbor.Decode(Bytes("82 01 02"), "pair", reader =>
        {
            reader.ReadStartArray();
            reader.ReadInt32();
            return reader.ReadTextString();
        }));

        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Equal(2, error.Offset);
    }

    [Fact]
    public void Decode_InvalidUtf8Text_ThrowsMalformed() =>
        Assert.Contains("malformed CBOR", Assert.Throws<CborFormatException>(() => StrictCbor.Decode(Bytes("62 C328"), "text", Skip)).What);

    [Fact]
    public void Decode_LibraryExceptionFromRead_PassesThroughUnwrapped()
    {
        var thrown = new CoseFormatException("COSE_Sign1", "a profile rule");

        var error = Assert.Throws<CoseFormatException>(() => StrictCbor.Decode<int>(Bytes("01"), "item", _ => throw thrown));

        Assert.Same(thrown, error);
    }

    [Fact]
    public void ExpectState_WrongMajorType_NamesWhatWasExpectedAndFound()
    {
        var error = Assert.Throws<CborFormatException>(() => StrictCbor.Decode(Bytes("A0"), "manifest/3", reader =>
        {
            StrictCbor.ExpectState(reader, CborReaderState.ByteString, "manifest/3", "a byte string");
            return 0;
        }));

        Assert.Equal("manifest/3", error.Where);
        Assert.Equal("a byte string expected, found a map", error.What);
    }

    [Fact]
    public void ReadLabel_ByteString_ThrowsLabelMustBeIntOrText() =>
        Assert.Contains("label must be int or tstr", Assert.Throws<CborFormatException>(() =>
            StrictCbor.Decode(Bytes("41 00"), "key", reader => StrictCbor.ReadLabel(reader, "key"))).What);

    [Fact]
    public void Message_WithOffset_CarriesWhereOffsetAndWhat() =>
        Assert.Equal("manifest/3 (byte 7): a defect", new CborFormatException("manifest/3", "a defect", 7).Message);

    [Fact]
    public void Decode_InsideTheReadOfAnother_EachReadsItsOwnBytes()
    {
        // [h'A10102', 5]: the byte string's content decoded while the outer array is half read.
        var (inner, outer) = StrictCbor.Decode(Bytes("82 43 A10102 05"), "outer", reader =>
        {
            reader.ReadStartArray();
            var content = reader.ReadByteString();
            var value = StrictCbor.Decode(content, "inner", r => CborLabelledMap.Read(r, "inner").RequireInt64(1));
            var last = reader.ReadInt32();
            reader.ReadEndArray();
            return (value, last);
        });

        Assert.Equal(2, inner);
        Assert.Equal(5, outer);
    }

    [Fact]
    public void Decode_NestedDeeperThanTheReadersKept_EachLevelReadsItsOwnBytes()
    {
        // Twelve byte strings, each holding the next: more decodes at once than a thread keeps readers for.
        var item = Bytes("07");
        for (var level = 0; level < 12; level++)
        {
            var writer = new CborWriter();
            writer.WriteByteString(item);
            item = writer.Encode();
        }

        static int Unwrap(CborReader reader) =>
            reader.PeekState() == CborReaderState.ByteString ? StrictCbor.Decode(reader.ReadByteString(), "level", Unwrap) : reader.ReadInt32();

        Assert.Equal(7, StrictCbor.Decode(item, "level", Unwrap));
    }

    [Fact]
    public void Decode_AfterAFailedDecode_ReadsTheNextInputFromItsStart()
    {
        // The reader of a decode that failed inside an array is the one the next decode gets: it starts afresh.
        Assert.Throws<CborFormatException>(() => StrictCbor.Decode(Bytes("83 01 02"), "first", reader =>
        {
            reader.ReadStartArray();
            reader.ReadInt32();
            reader.ReadInt32();
            return reader.ReadInt32();
        }));

        Assert.Equal("x", StrictCbor.Decode(Bytes("61 78"), "second", reader => reader.ReadTextString()));
    }
}
