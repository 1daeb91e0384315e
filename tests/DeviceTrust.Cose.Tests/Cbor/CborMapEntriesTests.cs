using System.Formats.Cbor;
using DeviceTrust.Cose.Cbor;
using static DeviceTrust.Cose.Tests.Cbor.CborHex;

namespace DeviceTrust.Cose.Tests.Cbor;

/// <summary>
/// Labelled maps read one entry at a time from the reader they are in: the rules of CborLabelledMap, each value read
/// by the caller from that reader and checked by it as it is read.
/// </summary>
public sealed class CborMapEntriesTests
{
    // Reads every entry, int values with ReadValue and the others kept encoded; returns "label=value" in wire order.
    private static List<string> ReadAll(string hex, CborMapOptions? options = null) =>
        StrictCbor.Decode(Bytes(hex), "claims", reader =>
        {
            var entries = CborMapEntries.Start(reader, "claims", options);
            var read = new List<string>();
            while (entries.Next(out var label))
            {
                var value = reader.PeekState() is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger
                    ? entries.ReadValue((r, _) => r.ReadInt64(), $"claims/{label}").ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : Convert.ToHexString(entries.ReadEncodedValue().Span);
                read.Add($"{label}={value}");
            }
            return read;
        });

    private static CborFormatException Rejects(string hex, CborMapOptions? options = null) =>
        Assert.Throws<CborFormatException>(() => ReadAll(hex, options));

    [Fact]
    public void Next_WellFormedMap_GivesEachLabelInWireOrderWithItsValue() =>
        Assert.Equal(["2=0", "\"a\"=426162", "-7=-1"], ReadAll("A3 02 00 61 61 42 6162 26 20"));

    [Fact]
    public void Next_SameLabelEncodedTwoWays_ThrowsNamingTheLabel()
    {
        // 1 and 0x1801: different encodings, which the reader's own check lets through; the same label by value.
        var error = Rejects("A2 01 00 18 01 01");

        Assert.Equal("claims", error.Where);
        Assert.Contains("duplicate label 1", error.What);
    }

    [Fact]
    public void Next_SameEncodingTwice_ThrowsNamingTheLabel() =>
        Assert.Contains("duplicate label \"a\"", Rejects("A2 61 61 00 61 61 01").What);

    [Fact]
    public void Next_ManyLabels_RepeatedLabelAfterTheSmallMapLimitStillRefused()
    {
        // 40 distinct labels, then label 3 again: past the labels kept in a list, the set takes over.
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(41);
        for (var label = 0; label < 40; label++)
        {
            writer.WriteInt32(label);
            writer.WriteInt32(0);
        }
        writer.WriteInt32(3);
        writer.WriteInt32(0);
        writer.WriteEndMap();

        Assert.Contains("duplicate label 3", Rejects(Convert.ToHexString(writer.Encode())).What);
    }

    [Fact]
    public void Next_OutOfOrderWithDeterministicOrder_Throws() =>
        Assert.Contains("label 1 is out of order", Rejects("A2 02 00 01 00", new CborMapOptions { DeterministicOrder = true }).What);

    [Fact]
    public void Next_UnknownLabelInClosedMap_Throws() =>
        Assert.Contains("label 99 is not allowed", Rejects("A2 01 00 18 63 00", CborMapOptions.Closed(1, 2)).What);

    [Fact]
    public void Next_FloatLabel_Throws() =>
        Assert.Contains("label must be int or tstr", Rejects("A1 F93C00 01").What);

    [Fact]
    public void ReadEncodedValue_InvalidUtf8InsideTheValue_ThrowsAtTheValuePath() =>
        Assert.Equal("claims/1", Rejects("A1 01 A1 02 61 FF").Where);

    [Fact]
    public void ReadEncodedValue_RepeatedKeyInsideTheValue_ThrowsAtTheValuePath() =>
        Assert.Equal("claims/1", Rejects("A1 01 A2 02 00 02 01").Where);

    [Fact]
    public void ReadEncodedValue_TruncatedValue_ThrowsAtTheMapPath()
    {
        // Not well-formed: the map's defect, as when maps were checked whole before their values.
        var error = Rejects("A2 01 00 02 43 0102");

        Assert.Equal("claims", error.Where);
        Assert.Contains("malformed CBOR", error.What);
    }

    [Fact]
    public void ReadValue_ReaderRefusesTheValue_ThrowsAtTheGivenPath()
    {
        var error = Assert.Throws<CborFormatException>(() => StrictCbor.Decode(Bytes("A1 01 61 FF"), "claims", reader =>
        {
            var entries = CborMapEntries.Start(reader, "claims");
            entries.Next(out _);
            return entries.ReadValue((r, _) => r.ReadTextString(), "claims/1 (iss)");
        }));

        Assert.Equal("claims/1 (iss)", error.Where);
    }

    [Fact]
    public void Next_ValueNotReadWhole_ThrowsInvalidOperation()
    {
        // {1: [1, 2], 2: 0} with the array entered but not finished: the caller's mistake, not the input's.
        var reader = StrictCbor.Reader(Bytes("A2 01 82 01 02 02 00"));
        var entries = CborMapEntries.Start(reader, "claims");
        entries.Next(out _);
        reader.ReadStartArray();

        Assert.Throws<InvalidOperationException>(() => entries.Next(out _));
    }

    [Fact]
    public void Start_LaxReader_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => CborMapEntries.Start(new CborReader(Bytes("A0"), CborConformanceMode.Lax), "claims"));

    [Fact]
    public void Start_NotAMap_ThrowsNamingWhatWasFound() =>
        Assert.Equal("a map expected, found an array", Rejects("80").What);
}
