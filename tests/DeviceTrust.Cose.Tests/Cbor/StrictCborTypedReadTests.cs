using System.Formats.Cbor;
using DeviceTrust.Cose.Cbor;
using static DeviceTrust.Cose.Tests.Cbor.CborHex;

namespace DeviceTrust.Cose.Tests.Cbor;

/// <summary>The core's typed reads, which the EAT and SUIT decoders share: the value, or a format error naming the path.</summary>
public sealed class StrictCborTypedReadTests
{
    private static T Read<T>(string hex, Func<CborReader, string, T> read) => StrictCbor.Decode(Bytes(hex), "item", reader => read(reader, "item/1"));

    [Fact]
    public void TypedReads_TheValue()
    {
        Assert.Equal("ab", Read("62 61 62", StrictCbor.ReadText));
        Assert.Equal(new byte[] { 1, 2 }, Read("42 01 02", StrictCbor.ReadBytes));
        Assert.True(Read("F5", StrictCbor.ReadBoolean));
        Assert.Equal(ulong.MaxValue, Read("1B FF FF FF FF FF FF FF FF", StrictCbor.ReadUnsignedInteger));
        Assert.Equal(-16, Read("2F", StrictCbor.ReadInteger));
    }

    [Theory]
    [InlineData("01", "text", "a text string expected, found an integer")]
    [InlineData("61 61", "bytes", "a byte string expected, found a text string")]
    [InlineData("F6", "boolean", "a boolean expected")]
    [InlineData("20", "uint", "an unsigned integer expected")]
    [InlineData("F5", "int", "an integer expected")]
    public void TypedReads_AnotherKind_AFormatErrorAtThePath(string hex, string read, string what)
    {
        var error = Assert.Throws<CborFormatException>(() => read switch
        {
            "text" => (object)Read(hex, StrictCbor.ReadText),
            "bytes" => Read(hex, StrictCbor.ReadBytes),
            "boolean" => Read(hex, StrictCbor.ReadBoolean),
            "uint" => Read(hex, StrictCbor.ReadUnsignedInteger),
            _ => Read(hex, StrictCbor.ReadInteger),
        });

        Assert.Equal("item/1", error.Where);
        Assert.StartsWith(what, error.What, StringComparison.Ordinal);
    }
}
