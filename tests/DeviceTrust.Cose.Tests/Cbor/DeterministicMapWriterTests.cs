using System.Formats.Cbor;
using CsCheck;
using DeviceTrust.Cose.Cbor;
using static DeviceTrust.Cose.Tests.Cbor.CborHex;

namespace DeviceTrust.Cose.Tests.Cbor;

/// <summary>Maps written in RFC 8949 §4.2.1 order, and (property-based) that the reader agrees with the writer.</summary>
public sealed class DeterministicMapWriterTests
{
    private static readonly Gen<CoseLabel> Label = Gen.OneOf(
        Gen.Long[-100_000, 100_000].Select(CoseLabel.Of),
        Gen.Char["abcé€"].Array[0, 4].Select(chars => CoseLabel.Of(new string(chars))));

    private static readonly CborMapOptions Ordered = new() { DeterministicOrder = true };

    [Fact]
    public void Encode_KeysOfDifferentLengths_SortedBytewise()
    {
        var encoded = new DeterministicMapWriter()
            .Add(-1, writer => writer.WriteInt32(0))
            .Add(24, writer => writer.WriteInt32(0))
            .Add(CoseLabel.Of("a"), writer => writer.WriteInt32(0))
            .Encode();

        Assert.Equal(Bytes("A3 18 18 00 20 00 61 61 00"), encoded);
    }

    [Fact]
    public void Add_SameLabelTwice_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => new DeterministicMapWriter().Add(1, w => w.WriteNull()).Add(1, w => w.WriteNull()));

    [Fact]
    public void WriteTo_CanonicalWriter_ThrowsBecauseItWouldResort() =>
        Assert.Throws<ArgumentException>(() => new DeterministicMapWriter().WriteTo(new CborWriter(CborConformanceMode.Canonical)));

    [Fact]
    public void Encode_AnyLabels_DecodesUnderDeterministicRulesWithTheSameValues() =>
        Label.HashSet[0, 12].Sample(labels =>
        {
            var writer = new DeterministicMapWriter();
            foreach (var label in labels)
                writer.Add(label, w => w.WriteTextString(label.ToString()));

            var map = CborLabelledMap.Decode(writer.Encode(), "map", Ordered, CborRules.Deterministic);

            Assert.Equal(labels.Count, map.Count);
            Assert.All(labels, label => Assert.Equal(label.ToString(), map.RequireText(label)));
        });

    [Fact]
    public void Decode_AnyOrderButTheSortedOne_RefusedWithDeterministicOrder() =>
        Label.HashSet[2, 8].SelectMany(labels => Gen.Shuffle(labels.ToArray())).Sample(labels =>
        {
            var encoded = LaxMap(labels);
            var sorted = new DeterministicMapWriter();
            foreach (var label in labels)
                sorted.Add(label, w => w.WriteNull());
            var isSorted = encoded.AsSpan().SequenceEqual(sorted.Encode());

            var accepted = Record.Exception(() => CborLabelledMap.Decode(encoded, "map", Ordered)) is null;

            Assert.Equal(isSorted, accepted);
        });

    // The labels in the order given, each with the value null.
    private static byte[] LaxMap(CoseLabel[] labels)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(labels.Length);
        foreach (var label in labels)
        {
            DeterministicMapWriter.WriteLabel(writer, label);
            writer.WriteNull();
        }
        writer.WriteEndMap();
        return writer.Encode();
    }
}
