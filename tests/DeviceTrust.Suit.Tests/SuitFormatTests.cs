using System.Formats.Cbor;

namespace DeviceTrust.Suit.Tests;

/// <summary>Malformed envelopes are refused with <see cref="SuitFormatException"/> naming where; well-formed ones with
/// commands or members this library does not interpret keep them.</summary>
public sealed class SuitFormatTests
{
    [Fact]
    public void Decode_ComponentIdentifierNotBytes_NamesComponentsPath()
    {
        // components [[h'00']] (81 81 41 00) with the identifier part as the text "\0" (61 00): same length.
        var bytes = Replace(SuitVectors.Signed(0), "8181410004", "8181610004");

        var e = Assert.Throws<SuitFormatException>(() => SuitEnvelope.Decode(bytes));

        Assert.Equal("SUIT_Envelope/3 (manifest)/3 (common)/2 (components)/0/0", e.Where);
        Assert.Equal("a byte string expected, found a text string", e.What);
    }

    [Fact]
    public void Decode_ManifestVersion2_Refused()
    {
        // {1: 1, 2: 0, ...} of example 0 (a5 01 01 02 00) with version 2.
        var bytes = Replace(SuitVectors.Signed(0), "a501010200", "a501020200");

        var e = Assert.Throws<SuitFormatException>(() => SuitEnvelope.Decode(bytes));

        Assert.Equal("SUIT_Envelope/3 (manifest)/1 (manifest-version)", e.Where);
        Assert.Equal("manifest-version must be 1, found 2", e.What);
    }

    [Fact]
    public void Decode_OtherTag_Refused()
    {
        var bytes = SuitVectors.Signed(0);
        bytes[1] = 0x6C;   // tag 108

        var e = Assert.Throws<SuitFormatException>(() => SuitEnvelope.Decode(bytes));

        Assert.Equal("SUIT_Envelope", e.Where);
        Assert.Contains("tag 108", e.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Untagged_Accepted()
    {
        var bytes = SuitVectors.Signed(1)[2..];   // without d8 6b

        var envelope = SuitEnvelope.Decode(bytes);

        Assert.False(envelope.IsTagged);
        using var key = SuitVectors.PublicKey();
        Assert.True(envelope.Verify(key).IsVerified);
    }

    [Fact]
    public void Decode_TrailingByte_Refused()
    {
        byte[] bytes = [.. SuitVectors.Signed(0), 0x00];

        var e = Assert.Throws<SuitFormatException>(() => SuitEnvelope.Decode(bytes));

        Assert.Contains("trailing", e.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ManifestMissing_Refused()
    {
        // The envelope map of example 0 cut to its first entry: a2 becomes a1 and the manifest member is dropped.
        var signed = SuitVectors.Signed(0);
        var manifestAt = signed.AsSpan().IndexOf(Convert.FromHexString("035871a5"));
        byte[] bytes = [.. signed[..manifestAt]];
        bytes[2] = 0xA1;

        var e = Assert.Throws<SuitFormatException>(() => SuitEnvelope.Decode(bytes));

        Assert.Equal("3 (manifest) is missing", e.What);
    }

    [Fact]
    public void Decode_UnknownCommand_KeptWithItsArgument()
    {
        var shared = SuitBuilder.Sequence((99, SuitBuilder.Cbor(w => w.WriteTextString("x"))), (SuitCommandCodes.ConditionVendorIdentifier, [0x0F]));

        var envelope = SuitEnvelope.Decode(SuitBuilder.Envelope(SuitBuilder.Manifest(shared)));

        var commands = envelope.Manifest.Common.SharedSequence!.Commands;
        var custom = Assert.IsType<SuitCustomCommand>(commands[0]);
        Assert.Equal(99, custom.Code);
        Assert.Equal([0x61, 0x78], custom.EncodedArgument.ToArray());
        Assert.Equal(new SuitReportingCommand(SuitCommandCodes.ConditionVendorIdentifier, (SuitReportingPolicy)15), commands[1]);
        Assert.True(envelope.VerifyDigests().IsVerified);
    }

    [Fact]
    public void Decode_OddCommandSequence_Refused()
    {
        var shared = SuitBuilder.Cbor(w =>
        {
            w.WriteStartArray(3);
            w.WriteInt32(1);
            w.WriteInt32(15);
            w.WriteInt32(2);
            w.WriteEndArray();
        });

        var e = Assert.Throws<SuitFormatException>(() => SuitEnvelope.Decode(SuitBuilder.Envelope(SuitBuilder.Manifest(shared))));

        Assert.Equal("SUIT_Envelope/3 (manifest)/3 (common)/4 (shared-sequence)", e.Where);
    }

    [Fact]
    public void Decode_RunSequenceNestedTooDeep_Refused()
    {
        var sequence = SuitBuilder.Sequence((SuitCommandCodes.ConditionAbort, [0x00]));
        for (var level = 0; level < 12; level++)
            sequence = SuitBuilder.Sequence((SuitCommandCodes.DirectiveRunSequence, SuitBuilder.Wrap(sequence)));

        var e = Assert.Throws<SuitFormatException>(() => SuitEnvelope.Decode(SuitBuilder.Envelope(SuitBuilder.Manifest(sequence))));

        Assert.Contains("nested more than 8 deep", e.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_RunSequenceWithinLimit_Decoded()
    {
        var sequence = SuitBuilder.Sequence((SuitCommandCodes.ConditionAbort, [0x00]));
        for (var level = 0; level < 3; level++)
            sequence = SuitBuilder.Sequence((SuitCommandCodes.DirectiveRunSequence, SuitBuilder.Wrap(sequence)));

        var shared = SuitEnvelope.Decode(SuitBuilder.Envelope(SuitBuilder.Manifest(sequence))).Manifest.Common.SharedSequence!;

        var inner = Assert.IsType<SuitRunSequence>(Assert.IsType<SuitRunSequence>(Assert.IsType<SuitRunSequence>(shared.Commands[0]).Sequence.Commands[0]).Sequence.Commands[0]).Sequence;
        Assert.Equal(new SuitReportingCommand(SuitCommandCodes.ConditionAbort, SuitReportingPolicy.None), inner.Commands[0]);
    }

    [Fact]
    public void Decode_UnsortedManifestMap_Refused()
    {
        // {2: 7, 1: 1, ...}: not RFC 8949 §4.2.1 order, which SUIT requires.
        var manifest = SuitBuilder.Manifest(SuitBuilder.Sequence((SuitCommandCodes.ConditionAbort, [0x00])));
        var swapped = manifest.ToArray();
        swapped[1] = 0x02;
        swapped[2] = 0x07;
        swapped[3] = 0x01;
        swapped[4] = 0x01;

        var e = Assert.Throws<SuitFormatException>(() => SuitEnvelope.Decode(SuitBuilder.Envelope(swapped)));

        Assert.Equal("SUIT_Envelope/3 (manifest)", e.Where);
        Assert.Contains("out of order", e.What, StringComparison.Ordinal);
    }

    private static byte[] Replace(byte[] bytes, string found, string replacement)
    {
        var at = bytes.AsSpan().IndexOf(Convert.FromHexString(found));
        Assert.True(at >= 0, $"{found} not found");
        Convert.FromHexString(replacement).CopyTo(bytes.AsSpan(at));
        return bytes;
    }
}
