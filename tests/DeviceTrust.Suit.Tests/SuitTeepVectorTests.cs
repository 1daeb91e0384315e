using System.Formats.Cbor;

namespace DeviceTrust.Suit.Tests;

/// <summary>
/// The SUIT envelopes of the TEEP protocol examples (TestVectors/PROVENANCE.md): untagged, signed with ESP256 (-9) or,
/// inside the Update message's manifest-list, ES256 (-7), and they verify with the SUIT examples' public key. Expected
/// values are copied from the .diag.txt files.
/// </summary>
public sealed class SuitTeepVectorTests
{
    private const string TeepDevice = "544545502d446576696365";      // 'TEEP-Device'
    private const string SecureFs = "5365637572654653";              // 'SecureFS'
    private const string TcUuid = "8d82573a926d4754935332dc29997f74";

    public static TheoryData<string, int, ulong> Envelopes => new()
    {
        { "suit_uri.hex.txt", -9, 3 },
        { "suit_integrated.hex.txt", -9, 3 },
        { "suit_personalization.hex.txt", -9, 3 },
    };

    [Theory]
    [MemberData(nameof(Envelopes))]
    public void Decode_TeepSuitEnvelope_VerifiesWithSuitKey(string file, int algorithm, ulong sequenceNumber)
    {
        using var key = SuitVectors.PublicKey();

        var envelope = SuitEnvelope.Decode(SuitVectors.TeepHex(file));

        Assert.False(envelope.IsTagged);
        Assert.Equal(algorithm, Assert.Single(envelope.Authentication.Signatures).Algorithm.Integer);
        Assert.Equal(sequenceNumber, envelope.Manifest.SequenceNumber);
        Assert.Equal(SuitVerification.Verified, envelope.Verify(key));
    }

    [Fact]
    public void Decode_TeepSuitUri_ValuesAsShown()
    {
        var manifest = SuitEnvelope.Decode(SuitVectors.TeepHex("suit_uri.hex.txt")).Manifest;

        var component = Assert.Single(manifest.Common.Components);
        Assert.Equal([TeepDevice, SecureFs, TcUuid, "7461"], component.Select(Convert.ToHexStringLower));
        var parameters = Assert.IsType<SuitParametersCommand>(manifest.Common.SharedSequence!.Commands[0]).Parameters;
        Assert.Equal("c0ddd5f15243566087db4f5b0aa26c2f", Convert.ToHexStringLower(parameters.VendorId!));
        Assert.Equal("db42f7093d8c55baa8c5265fc5820f4e", Convert.ToHexStringLower(parameters.ClassId!));
        Assert.Equal("8cf71ac86af31be184ec7a05a411a8c3a14fd9b77a30d046397481469468ece8", Convert.ToHexStringLower(parameters.ImageDigest!.Bytes.Span));
        Assert.Equal(20UL, parameters.ImageSize);
        Assert.Equal([TeepDevice, SecureFs, TcUuid, "73756974"], manifest.ComponentId!.Select(Convert.ToHexStringLower));
        var install = Assert.IsType<SuitParametersCommand>(manifest.Install!.Inline!.Commands[0]).Parameters;
        Assert.Equal("https://example.org/8d82573a-926d-4754-9353-32dc29997f74.ta", install.Uri);
        // uninstall (24, draft-ietf-suit-trust-domains) is not interpreted here and is kept.
        Assert.True(manifest.Extensions.ContainsKey(24));
    }

    [Fact]
    public void Decode_TeepSuitIntegrated_PayloadUnderItsKey()
    {
        var envelope = SuitEnvelope.Decode(SuitVectors.TeepHex("suit_integrated.hex.txt"));

        var install = Assert.IsType<SuitParametersCommand>(envelope.Manifest.Install!.Inline!.Commands[0]).Parameters;
        Assert.Equal("#tc", install.Uri);
        Assert.Equal("Hello, Secure World!"u8.ToArray(), envelope.IntegratedPayloads["#tc"].ToArray());
    }

    [Fact]
    public void Decode_TeepUpdateManifestList_Es256VerifiesWithSuitKey()
    {
        using var key = SuitVectors.PublicKey();

        var envelope = SuitEnvelope.Decode(ManifestListEntry(SuitVectors.TeepHex("update.hex.txt")));

        Assert.Equal(-7, Assert.Single(envelope.Authentication.Signatures).Algorithm.Integer);
        Assert.Equal("db601ade73092b58532ca03fbb663de49532435336f1558b49bb622726a2fedd",
            Convert.ToHexStringLower(envelope.Authentication.Digest.Bytes.Span));
        Assert.Equal(3UL, envelope.Manifest.SequenceNumber);
        Assert.Equal(SuitVerification.Verified, envelope.Verify(key));
    }

    // update = [3, {20: token, 10: [bstr SUIT_Envelope]}] (draft-ietf-teep-protocol): the first manifest-list entry.
    private static byte[] ManifestListEntry(byte[] update)
    {
        var reader = new CborReader(update);
        reader.ReadStartArray();
        Assert.Equal(3UL, reader.ReadUInt64());
        var count = reader.ReadStartMap();
        for (var i = 0; i < count; i++)
        {
            if (reader.ReadUInt64() == 10)
            {
                reader.ReadStartArray();
                return reader.ReadByteString();
            }
            reader.SkipValue();
        }
        throw new InvalidOperationException("update.hex.txt has no manifest-list");
    }
}
