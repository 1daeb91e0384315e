using System.Formats.Cbor;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cose;

/// <summary>
/// A decoded COSE_Sign1 message. Decoding is strict and all-or-nothing; <see cref="Verify"/> checks the signature.
/// <code>
/// COSE_Sign1_Tagged = #6.18(COSE_Sign1)                                     ; RFC 9052 §4.2
/// COSE_Sign1 = [ protected : empty_or_serialized_map, unprotected : header_map,
///                payload : bstr / nil, signature : bstr ]
/// </code>
/// </summary>
public sealed partial class CoseSign1
{
    private const string Where = "COSE_Sign1";

    private CoseSign1(ReadOnlyMemory<byte> encoded, bool isTagged, bool isCwtTagged, ReadOnlyMemory<byte> encodedProtected,
        CoseHeaders protectedHeaders, CoseHeaders unprotectedHeaders, ReadOnlyMemory<byte>? payload,
        ReadOnlyMemory<byte> signature, CoseLabel algorithm, bool algorithmIsProtected)
    {
        Encoded = encoded;
        IsTagged = isTagged;
        IsCwtTagged = isCwtTagged;
        EncodedProtectedHeaders = encodedProtected;
        ProtectedHeaders = protectedHeaders;
        UnprotectedHeaders = unprotectedHeaders;
        Payload = payload;
        Signature = signature;
        Algorithm = algorithm;
        AlgorithmIsProtected = algorithmIsProtected;
    }

    /// <summary>The COSE_Sign1 bytes (from tag 18, or from the array when untagged), without any outer CWT tag.</summary>
    public ReadOnlyMemory<byte> Encoded { get; }

    public bool IsTagged { get; }

    /// <summary>Whether the message came inside the CWT tag 61 (RFC 8392 §6).</summary>
    public bool IsCwtTagged { get; }

    /// <summary>The content of the protected bstr exactly as received.</summary>
    public ReadOnlyMemory<byte> EncodedProtectedHeaders { get; }

    public CoseHeaders ProtectedHeaders { get; }

    public CoseHeaders UnprotectedHeaders { get; }

    /// <summary>The embedded payload, or null when it is detached (nil) and the caller supplies it.</summary>
    public ReadOnlyMemory<byte>? Payload { get; }

    public bool IsDetached => Payload is null;

    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>The <c>alg</c> value: <c>int / tstr</c> (RFC 9052 §3.1); text values are never supported.</summary>
    public CoseLabel Algorithm { get; }

    public bool AlgorithmIsProtected { get; }

    /// <summary>
    /// Decodes a COSE_Sign1, tagged 18 or untagged, optionally inside the CWT tag 61 (RFC 8392 §6).
    /// <paramref name="requireProtectedAlg"/> is the profile rule of EAT (RFC 9711), SUIT and constrained vouchers:
    /// <c>alg</c> must be in the protected bucket. Pass false only for a generic RFC 9052 verifier, where
    /// §3.1 also allows authenticating <c>alg</c> through external data.
    /// </summary>
    /// <param name="understoodCritical">The labels the caller's profile processes, which <c>crit</c> may list
    /// (RFC 9052 §3.1); <see cref="CritLabels.Cose"/> when null.</param>
    /// <exception cref="CoseFormatException">The input is not a well-formed COSE_Sign1.</exception>
    /// <exception cref="NotSupportedException">A critical header parameter is not understood.</exception>
    public static CoseSign1 Decode(ReadOnlySpan<byte> encoded, bool requireProtectedAlg = true, CritLabels? understoodCritical = null)
    {
        var copy = encoded.ToArray();
        var message = CoseFormatException.Guard(Where, () => StrictCbor.Decode(copy, Where, reader => DecodeCore(copy, reader)));
        message.CheckHeaders(requireProtectedAlg, understoodCritical ?? CritLabels.Cose);
        return message;
    }

    private static CoseSign1 DecodeCore(byte[] data, CborReader reader)
    {
        var start = 0;
        var isTagged = false;
        var isCwtTagged = false;
        if (reader.PeekState() == CborReaderState.Tag)
        {
            var tag = (ulong)reader.PeekTag();
            if (tag == CoseTags.Cwt)
            {
                reader.ReadTag();
                isCwtTagged = true;
                start = data.Length - reader.BytesRemaining;
                if (reader.PeekState() != CborReaderState.Tag || (ulong)reader.PeekTag() != CoseTags.Sign1)
                    throw new CoseFormatException(Where, "the CWT tag 61 must wrap a tagged COSE_Sign1 (RFC 8392 §6)");
                tag = CoseTags.Sign1;
            }
            if (tag != CoseTags.Sign1)
                throw new CoseFormatException(Where, $"wrong tag {CoseTags.Describe(tag)}, expected 18 (COSE_Sign1)");
            reader.ReadTag();
            isTagged = true;
        }

        StrictCbor.ExpectState(reader, CborReaderState.StartArray, Where, "an array");
        if (reader.ReadStartArray() != 4)
            throw new CoseFormatException(Where, "must be a definite-length array of 4 items (RFC 9052 §4.2)");

        StrictCbor.ExpectState(reader, CborReaderState.ByteString, $"{Where}[0] protected header", "a byte string");
        ReadOnlyMemory<byte> encodedProtected = reader.ReadByteString();
        var protectedHeaders = CoseHeaders.DecodeProtected(encodedProtected, $"{Where}[0] protected header");
        var unprotectedHeaders = CoseHeaders.Read(reader, $"{Where}[1] unprotected header");

        ReadOnlyMemory<byte>? payload = reader.PeekState() switch
        {
            CborReaderState.Null => ReadNull(reader),
            CborReaderState.ByteString => reader.ReadByteString(),
            var s => throw new CoseFormatException($"{Where}[2] payload", $"a byte string or nil expected, found {StrictCbor.Describe(s)}"),
        };

        StrictCbor.ExpectState(reader, CborReaderState.ByteString, $"{Where}[3] signature", "a byte string");
        ReadOnlyMemory<byte> signature = reader.ReadByteString();
        reader.ReadEndArray();

        var (algorithm, algorithmIsProtected) = FindAlgorithm(protectedHeaders, unprotectedHeaders);
        return new CoseSign1(data.AsMemory(start), isTagged, isCwtTagged, encodedProtected, protectedHeaders, unprotectedHeaders,
            payload, signature, algorithm, algorithmIsProtected);
    }

    private static ReadOnlyMemory<byte>? ReadNull(CborReader reader)
    {
        reader.ReadNull();
        return null;
    }

    private static (CoseLabel Algorithm, bool IsProtected) FindAlgorithm(CoseHeaders protectedHeaders, CoseHeaders unprotectedHeaders)
    {
        var headers = protectedHeaders.Contains(CoseHeaderLabels.Algorithm) ? protectedHeaders
            : unprotectedHeaders.Contains(CoseHeaderLabels.Algorithm) ? unprotectedHeaders
            : throw new CoseFormatException($"{Where} headers", "no alg header parameter (RFC 9052 §3.1)");
        var algorithm = headers.Read(CoseHeaderLabels.Algorithm, (reader, where) =>
            reader.PeekState() is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger or CborReaderState.TextString
                ? StrictCbor.ReadLabel(reader, where)
                : throw new CoseFormatException($"{headers.Location} label 1 (alg)", "alg must be int or tstr (RFC 9052 §3.1)"));
        return (algorithm, ReferenceEquals(headers, protectedHeaders));
    }
}
