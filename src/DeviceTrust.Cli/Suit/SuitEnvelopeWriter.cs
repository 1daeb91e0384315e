using System.Formats.Cbor;
using System.Security.Cryptography;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;
using DeviceTrust.Suit;

namespace DeviceTrust.Cli.Suit;

/// <summary>
/// The authentication wrapper of <c>suit build</c> and <c>suit sign</c> (draft-ietf-suit-manifest-37, "Authenticated
/// Manifests"):
/// <code>
/// SUIT_Authentication = [ bstr .cbor SUIT_Digest,            ; SHA-256 of the bstr-wrapped manifest, head included
///                         * bstr .cbor COSE_Sign1_Tagged ]    ; payload nil, the encoded SUIT_Digest detached
/// </code>
/// Written here rather than through SuitSigner.Sign, which signs a manifest model into a new envelope: it has no
/// unsigned form, and re-signing through it would drop the severed members and extensions an existing envelope
/// carries. Here every other member of the envelope is kept byte for byte, so the manifest the digest covers is the
/// one in the file.
/// </summary>
internal static class SuitEnvelopeWriter
{
    /// <summary>An envelope (tag 107) holding <paramref name="manifest"/> and its digest, with no signature.</summary>
    public static byte[] Unsigned(SuitManifest manifest)
    {
        var writer = new CborWriter(CborConformanceMode.Strict);
        writer.WriteByteString(manifest.Encode());
        var wrappedManifest = writer.Encode();
        return Write(tagged: true, Authentication(wrappedManifest, []), [(CoseLabel.Of(SuitEnvelopeKeys.Manifest), wrappedManifest)]);
    }

    /// <summary>
    /// <paramref name="encoded"/> (decoded as <paramref name="envelope"/>) with its authentication wrapper replaced: the
    /// manifest's digest recomputed and one COSE_Sign1 by <paramref name="privateKey"/>, ES256 (-7) or ESP256 (-9).
    /// </summary>
    /// <exception cref="ArgumentException">The key is not a P-256 private key.</exception>
    public static byte[] Sign(ReadOnlyMemory<byte> encoded, SuitEnvelope envelope, ECDsa privateKey, int algorithm)
    {
        var digest = EncodedDigest(envelope.EncodedManifest.Span);
        var options = new CoseSignOptions { DetachedPayload = true };
        var signature = algorithm == CoseAlgorithms.ESP256
            ? CoseSign1Signer.SignEsp256(digest, privateKey, options)
            : CoseSign1Signer.SignEs256(digest, privateKey, options);
        return Write(envelope.IsTagged, Authentication(envelope.EncodedManifest.Span, [signature]), OtherMembers(encoded));
    }

    private static byte[] EncodedDigest(ReadOnlySpan<byte> wrappedManifest)
    {
        var digest = SuitDigest.Sha256Of(wrappedManifest);
        var writer = new CborWriter(CborConformanceMode.Strict);
        writer.WriteStartArray(2);
        writer.WriteInt64(digest.Algorithm);
        writer.WriteByteString(digest.Bytes.Span);
        writer.WriteEndArray();
        return writer.Encode();
    }

    private static byte[] Authentication(ReadOnlySpan<byte> wrappedManifest, IReadOnlyList<byte[]> signatures)
    {
        var writer = new CborWriter(CborConformanceMode.Strict);
        writer.WriteStartArray(1 + signatures.Count);
        writer.WriteByteString(EncodedDigest(wrappedManifest));
        foreach (var signature in signatures)
            writer.WriteByteString(signature);
        writer.WriteEndArray();
        return writer.Encode();
    }

    // Every member but the authentication wrapper, as encoded; the envelope decoded strictly, so this reads.
    private static List<(CoseLabel Label, byte[] Value)> OtherMembers(ReadOnlyMemory<byte> encoded)
    {
        var reader = new CborReader(encoded, CborConformanceMode.Lax);
        if (reader.PeekState() == CborReaderState.Tag)
            reader.ReadTag();
        var count = reader.ReadStartMap();
        var members = new List<(CoseLabel, byte[])>(count ?? 0);
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            var label = reader.PeekState() == CborReaderState.TextString ? CoseLabel.Of(reader.ReadTextString()) : CoseLabel.Of(reader.ReadInt64());
            var value = reader.ReadEncodedValue().ToArray();
            if (label.Integer != SuitEnvelopeKeys.AuthenticationWrapper)
                members.Add((label, value));
        }
        return members;
    }

    private static byte[] Write(bool tagged, byte[] authentication, IEnumerable<(CoseLabel Label, byte[] Value)> members)
    {
        var map = new DeterministicMapWriter();
        map.Add(SuitEnvelopeKeys.AuthenticationWrapper, w => w.WriteByteString(authentication));
        foreach (var (label, value) in members)
            map.AddEncoded(label, value);
        var writer = new CborWriter(CborConformanceMode.Strict);
        if (tagged)
            writer.WriteTag((CborTag)SuitTags.Envelope);
        map.WriteTo(writer);
        return writer.Encode();
    }
}
