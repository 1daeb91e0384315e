using System.Formats.Cbor;

namespace DeviceTrust.Suit.Tests;

/// <summary>Command and parameter shapes the published examples do not use, in envelopes written by <see cref="SuitBuilder"/>.</summary>
public sealed class SuitCommandTests
{
    private static SuitCommandSequence Shared(byte[] sequence) =>
        SuitEnvelope.Decode(SuitBuilder.Envelope(SuitBuilder.Manifest(sequence))).Manifest.Common.SharedSequence!;

    [Fact]
    public void Decode_ParametersOfEveryKind_Typed()
    {
        var parameters = SuitBuilder.Cbor(w =>
        {
            w.WriteStartMap(6);
            w.WriteInt32(SuitParameterKeys.VendorId);
            w.WriteTag((CborTag)112);
            w.WriteByteString([0x01, 0x02]);
            w.WriteInt32(SuitParameterKeys.ComponentSlot);
            w.WriteInt32(3);
            w.WriteInt32(SuitParameterKeys.StrictOrder);
            w.WriteBoolean(true);
            w.WriteInt32(SuitParameterKeys.Content);
            w.WriteByteString([0xC0]);
            w.WriteInt32(SuitParameterKeys.SourceComponent);
            w.WriteInt32(1);
            w.WriteInt32(99);
            w.WriteTextString("x");
            w.WriteEndMap();
        });

        var command = Assert.IsType<SuitParametersCommand>(Assert.Single(Shared(SuitBuilder.Sequence((SuitCommandCodes.DirectiveOverrideParameters, parameters))).Commands));

        var p = command.Parameters;
        Assert.True(p.VendorIdIsPen);
        Assert.Equal([0x01, 0x02], p.VendorId);
        Assert.Equal(3UL, p.ComponentSlot);
        Assert.True(p.StrictOrder);
        Assert.Null(p.SoftFailure);
        Assert.Equal([0xC0], p.Content);
        Assert.Equal(1UL, p.SourceComponent);
        Assert.Null(p.Uri);
        Assert.Equal([0x61, 0x78], p.Others[99].ToArray());
        Assert.Equal([1, 5, 12, 18, 22, 99], p.Labels.Select(l => (int)l.Integer!.Value));
    }

    [Fact]
    public void Decode_ClassIdNot16Bytes_Refused()
    {
        var parameters = SuitBuilder.Cbor(w =>
        {
            w.WriteStartMap(1);
            w.WriteInt32(SuitParameterKeys.ClassId);
            w.WriteByteString(new byte[15]);
            w.WriteEndMap();
        });

        var e = Assert.Throws<SuitFormatException>(() => Shared(SuitBuilder.Sequence((SuitCommandCodes.DirectiveOverrideParameters, parameters))));

        Assert.Equal("SUIT_Envelope/3 (manifest)/3 (common)/4 (shared-sequence)/1 (directive-override-parameters)/2 (class-id)", e.Where);
        Assert.Contains("16 bytes", e.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_SetComponentIndexTrueAndList_Typed()
    {
        var list = SuitBuilder.Cbor(w =>
        {
            w.WriteStartArray(2);
            w.WriteInt32(0);
            w.WriteInt32(2);
            w.WriteEndArray();
        });

        var commands = Shared(SuitBuilder.Sequence(
            (SuitCommandCodes.DirectiveSetComponentIndex, [0xF5]),
            (SuitCommandCodes.DirectiveSetComponentIndex, list))).Commands;

        var all = Assert.IsType<SuitSetComponentIndex>(commands[0]);
        Assert.True(all.AllComponents);
        Assert.Empty(all.Indexes);
        var some = Assert.IsType<SuitSetComponentIndex>(commands[1]);
        Assert.False(some.AllComponents);
        Assert.Equal([0UL, 2UL], some.Indexes);
    }

    [Fact]
    public void Decode_SetComponentIndexFalse_Refused()
    {
        Assert.Throws<SuitFormatException>(() => Shared(SuitBuilder.Sequence((SuitCommandCodes.DirectiveSetComponentIndex, [0xF4]))));
    }

    [Fact]
    public void Decode_TryEachEndingInNil_EmptyAllowed()
    {
        var candidate = SuitBuilder.Wrap(SuitBuilder.Sequence((SuitCommandCodes.ConditionAbort, [0x00])));
        var argument = SuitBuilder.Cbor(w =>
        {
            w.WriteStartArray(3);
            w.WriteEncodedValue(candidate);
            w.WriteEncodedValue(candidate);
            w.WriteNull();
            w.WriteEndArray();
        });

        var tryEach = Assert.IsType<SuitTryEach>(Assert.Single(Shared(SuitBuilder.Sequence((SuitCommandCodes.DirectiveTryEach, argument))).Commands));

        Assert.True(tryEach.EmptyAllowed);
        Assert.Equal(2, tryEach.Candidates.Count);
    }

    [Fact]
    public void Decode_TryEachWithOneCandidate_Refused()
    {
        var argument = SuitBuilder.Cbor(w =>
        {
            w.WriteStartArray(1);
            w.WriteByteString(SuitBuilder.Sequence((SuitCommandCodes.ConditionAbort, [0x00])));
            w.WriteEndArray();
        });

        var e = Assert.Throws<SuitFormatException>(() => Shared(SuitBuilder.Sequence((SuitCommandCodes.DirectiveTryEach, argument))));

        Assert.Equal("try-each needs at least 2 command sequences, found 1", e.What);
    }
}
