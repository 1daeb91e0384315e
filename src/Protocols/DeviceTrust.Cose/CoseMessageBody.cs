using System.Formats.Cbor;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cose;

/// <summary>
/// What COSE_Sign1 and COSE_Mac0 share on the wire: the optional CWT tag 61 around the message tag, and the four-item
/// array whose last item is the signature or the MAC tag.
/// <code>
/// Headers = ( protected : empty_or_serialized_map, unprotected : header_map )   ; RFC 9052 §3
/// COSE_Sign1 = [ Headers, payload : bstr / nil, signature : bstr ]               ; RFC 9052 §4.2
/// COSE_Mac0  = [ Headers, payload : bstr / nil, tag : bstr ]                     ; RFC 9052 §6.2
/// </code>
/// </summary>
internal sealed record CoseMessageBody(
    int Start, bool IsTagged, bool IsCwtTagged, ReadOnlyMemory<byte> EncodedProtected,
    CoseHeaders ProtectedHeaders, CoseHeaders UnprotectedHeaders, ReadOnlyMemory<byte>? Payload,
    ReadOnlyMemory<byte> Authenticator, CoseLabel Algorithm, bool AlgorithmIsProtected)
{
    /// <param name="messageTag">The tag of this message type (18 or 17).</param>
    /// <param name="where">The message name for locations ("COSE_Sign1").</param>
    /// <param name="authenticatorName">The name of the fourth item ("signature", "tag").</param>
    public static CoseMessageBody Read(byte[] data, CborReader reader, ulong messageTag, string where, string authenticatorName)
    {
        var (start, isTagged, isCwtTagged) = ReadTags(data, reader, messageTag, where);

        StrictCbor.ExpectState(reader, CborReaderState.StartArray, where, "an array");
        if (reader.ReadStartArray() != 4)
            throw new CoseFormatException(where, $"must be a definite-length array of 4 items (RFC 9052 {(messageTag == CoseTags.Mac0 ? "§6.2" : "§4.2")})");

        StrictCbor.ExpectState(reader, CborReaderState.ByteString, $"{where}[0] protected header", "a byte string");
        ReadOnlyMemory<byte> encodedProtected = reader.ReadByteString();
        var protectedHeaders = CoseHeaders.DecodeProtected(encodedProtected, $"{where}[0] protected header");
        var unprotectedHeaders = CoseHeaders.Read(reader, $"{where}[1] unprotected header");

        ReadOnlyMemory<byte>? payload = reader.PeekState() switch
        {
            CborReaderState.Null => ReadNull(reader),
            CborReaderState.ByteString => reader.ReadByteString(),
            var s => throw new CoseFormatException($"{where}[2] payload", $"a byte string or nil expected, found {StrictCbor.Describe(s)}"),
        };

        StrictCbor.ExpectState(reader, CborReaderState.ByteString, $"{where}[3] {authenticatorName}", "a byte string");
        ReadOnlyMemory<byte> authenticator = reader.ReadByteString();
        reader.ReadEndArray();

        var (algorithm, algorithmIsProtected) = FindAlgorithm(protectedHeaders, unprotectedHeaders, where);
        return new CoseMessageBody(start, isTagged, isCwtTagged, encodedProtected, protectedHeaders, unprotectedHeaders,
            payload, authenticator, algorithm, algorithmIsProtected);
    }

    private static (int Start, bool IsTagged, bool IsCwtTagged) ReadTags(byte[] data, CborReader reader, ulong messageTag, string where)
    {
        if (reader.PeekState() != CborReaderState.Tag)
            return (0, false, false);
        var start = 0;
        var isCwtTagged = false;
        var tag = (ulong)reader.PeekTag();
        if (tag == CoseTags.Cwt)
        {
            reader.ReadTag();
            isCwtTagged = true;
            start = data.Length - reader.BytesRemaining;
            if (reader.PeekState() != CborReaderState.Tag || (ulong)reader.PeekTag() != messageTag)
            {
                var found = reader.PeekState() == CborReaderState.Tag ? $"found tag {CoseTags.Describe((ulong)reader.PeekTag())}" : "found no tag";
                throw new CoseFormatException(where, $"the CWT tag 61 must wrap a tagged {where} (RFC 8392 §6), {found}");
            }
            tag = messageTag;
        }
        if (tag != messageTag)
            throw new CoseFormatException(where, $"wrong tag {CoseTags.Describe(tag)}, expected {CoseTags.Describe(messageTag)}");
        reader.ReadTag();
        return (start, true, isCwtTagged);
    }

    private static ReadOnlyMemory<byte>? ReadNull(CborReader reader)
    {
        reader.ReadNull();
        return null;
    }

    private static (CoseLabel Algorithm, bool IsProtected) FindAlgorithm(CoseHeaders protectedHeaders, CoseHeaders unprotectedHeaders, string where)
    {
        var headers = protectedHeaders.Contains(CoseHeaderLabels.Algorithm) ? protectedHeaders
            : unprotectedHeaders.Contains(CoseHeaderLabels.Algorithm) ? unprotectedHeaders
            : throw new CoseFormatException($"{where} headers", "no alg header parameter (RFC 9052 §3.1)");
        var algorithm = headers.Read(CoseHeaderLabels.Algorithm, (reader, at) =>
            reader.PeekState() is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger or CborReaderState.TextString
                ? StrictCbor.ReadLabel(reader, at)
                : throw new CoseFormatException($"{headers.Location} label 1 (alg)", "alg must be int or tstr (RFC 9052 §3.1)"));
        return (algorithm, ReferenceEquals(headers, protectedHeaders));
    }
}
