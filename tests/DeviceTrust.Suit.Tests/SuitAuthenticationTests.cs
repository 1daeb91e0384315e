using System.Formats.Cbor;

namespace DeviceTrust.Suit.Tests;

/// <summary>Authentication wrappers and severed members the published examples do not have.</summary>
public sealed class SuitAuthenticationTests
{
    // The COSE_Sign1_Tagged of example 0: d2 84 43 a1 01 26 a0 f6 58 40 and the 64 signature bytes.
    private static byte[] Example0Sign1()
    {
        var signed = SuitVectors.Signed(0);
        var at = signed.AsSpan().IndexOf(Convert.FromHexString("d28443a10126a0f65840"));
        return signed[at..(at + 10 + 64)];
    }

    private static byte[] AnyManifest() => SuitBuilder.Manifest(SuitBuilder.Sequence((SuitCommandCodes.ConditionAbort, [0x00])));

    [Fact]
    public void Decode_UntaggedSign1_Refused()
    {
        var e = Assert.Throws<SuitFormatException>(() => SuitEnvelope.Decode(SuitBuilder.Envelope(AnyManifest(), [Example0Sign1()[1..]], [])));

        Assert.Equal("SUIT_Envelope/2 (authentication-wrapper)/1 (COSE_Sign1)", e.Where);
        Assert.Contains("COSE_Sign1_Tagged", e.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Mac0Block_Refused()
    {
        var mac0 = SuitBuilder.Cbor(w =>
        {
            w.WriteTag((CborTag)17);
            w.WriteStartArray(4);
            w.WriteByteString([0xA1, 0x01, 0x04]);
            w.WriteStartMap(0);
            w.WriteEndMap();
            w.WriteNull();
            w.WriteByteString(new byte[8]);
            w.WriteEndArray();
        });

        var e = Assert.Throws<SuitFormatException>(() => SuitEnvelope.Decode(SuitBuilder.Envelope(AnyManifest(), [mac0], [])));

        Assert.Equal("SUIT_Envelope/2 (authentication-wrapper)/1 (COSE_Sign1)", e.Where);
    }

    [Fact]
    public void Verify_SignatureOverAnotherManifest_DoesNotVerify()
    {
        using var key = SuitVectors.PublicKey();

        var result = SuitEnvelope.Decode(SuitBuilder.Envelope(AnyManifest(), [Example0Sign1()], [])).Verify(key);

        Assert.Equal(SuitVerificationFailure.SignatureInvalid, result.Failure);
    }

    [Fact]
    public void Verify_SeveredMemberWhereManifestHasItInline_Fails()
    {
        // Example 1's manifest holds install inline; an envelope that also carries install (20) severed is refused.
        var signed = SuitEnvelope.Decode(SuitVectors.Signed(1));
        var manifest = signed.EncodedManifest.ToArray()[2..];   // 58 94: the content after the head
        var install = SuitBuilder.Wrap(SuitBuilder.Sequence((SuitCommandCodes.ConditionAbort, [0x00])));

        var result = SuitEnvelope.Decode(SuitBuilder.Envelope(manifest, [], [(SuitEnvelopeKeys.Install, install)])).VerifyDigests();

        Assert.Equal(SuitVerificationFailure.SeveredMemberNotSevered, result.Failure);
        Assert.Equal("the envelope carries a severed install member, but the manifest holds install inline", result.Reason);
    }

    [Fact]
    public void Verify_SeveredMemberWithoutDigest_Fails()
    {
        var text = SuitBuilder.Wrap(SuitBuilder.Cbor(w =>
        {
            w.WriteStartMap(1);
            w.WriteTextString("en");
            w.WriteStartMap(1);
            w.WriteInt32(SuitTextKeys.ManifestDescription);
            w.WriteTextString("d");
            w.WriteEndMap();
            w.WriteEndMap();
        }));

        var envelope = SuitEnvelope.Decode(SuitBuilder.Envelope(AnyManifest(), [], [(SuitEnvelopeKeys.Text, text)]));

        Assert.Equal("d", envelope.Text!.Languages["en"].Texts[SuitTextKeys.ManifestDescription]);
        Assert.Equal("the envelope carries a severed text member, but the manifest has no digest for it", envelope.VerifyDigests().Reason);
    }
}
