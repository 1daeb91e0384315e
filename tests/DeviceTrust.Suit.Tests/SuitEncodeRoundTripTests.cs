using System.Formats.Cbor;

namespace DeviceTrust.Suit.Tests;

/// <summary>Every envelope of TestVectors (draft examples 0..5 signed and unsigned, the TEEP SUIT envelopes) decodes
/// and re-encodes to the same bytes, whole envelope and manifest: the encoder is deterministic (RFC 8949 §4.2.1) and
/// the model loses nothing.</summary>
public sealed class SuitEncodeRoundTripTests
{
    public static TheoryData<string> Envelopes()
    {
        var data = new TheoryData<string>();
        for (var example = 0; example <= 5; example++)
        {
            data.Add($"example{example} signed");
            data.Add($"example{example} unsigned");
        }
        data.Add("suit_uri.hex.txt");
        data.Add("suit_integrated.hex.txt");
        data.Add("suit_personalization.hex.txt");
        return data;
    }

    private static byte[] Load(string name) => name.Split(' ') switch
    {
        [var example, "signed"] => SuitVectors.Signed(int.Parse(example["example".Length..], System.Globalization.CultureInfo.InvariantCulture)),
        [var example, "unsigned"] => SuitVectors.Unsigned(int.Parse(example["example".Length..], System.Globalization.CultureInfo.InvariantCulture)),
        _ => SuitVectors.TeepHex(name),
    };

    [Theory]
    [MemberData(nameof(Envelopes))]
    public void Encode_DecodedVectorEnvelope_IsByteIdentical(string name)
    {
        var encoded = Load(name);

        var envelope = SuitEnvelope.Decode(encoded);

        Assert.Equal(Convert.ToHexString(encoded), Convert.ToHexString(envelope.Encode()));
    }

    [Theory]
    [MemberData(nameof(Envelopes))]
    public void Encode_DecodedVectorManifest_IsByteIdenticalAndDigestMatches(string name)
    {
        var envelope = SuitEnvelope.Decode(Load(name));
        var content = new CborReader(envelope.EncodedManifest).ReadByteString();

        var manifest = envelope.Manifest.Encode();

        Assert.Equal(Convert.ToHexString(content), Convert.ToHexString(manifest));
        Assert.True(envelope.Authentication.Digest.Matches(SuitWriting.Wrap(manifest)));
    }

    [Fact]
    public void Encode_SetComponentIndexAsOneItemArray_KeepsTheArrayForm()
    {
        var sequence = SuitBuilder.Sequence((12, SuitBuilder.Cbor(w => { w.WriteStartArray(1); w.WriteInt32(0); w.WriteEndArray(); })),
            (3, SuitBuilder.Cbor(w => w.WriteInt32(15))));
        var encoded = SuitBuilder.Envelope(SuitBuilder.Manifest(sequence));

        var envelope = SuitEnvelope.Decode(encoded);

        Assert.True(Assert.IsType<SuitSetComponentIndex>(envelope.Manifest.Common.SharedSequence!.Commands[0]).IsList);
        Assert.Equal(encoded, envelope.Encode());
    }
}
