using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Security.Cryptography;

namespace DeviceTrust.Cose;

/// <summary>
/// The ToBeSigned bytes of a COSE_Sign1 (RFC 9052 §4.4), and their hash without building them. Hand-written:
/// System.Security.Cryptography.Cose would decode the message again to verify it, and refuses ESP256 and an unprotected
/// <c>alg</c>. The MAC_structure of RFC 9052 §6.3 has the same shape with another context (<see cref="MacStructure"/>).
/// <code>
/// Sig_structure = [ context : "Signature1", body_protected : empty_or_serialized_map,
///                   external_aad : bstr, payload : bstr ]
/// </code>
/// </summary>
internal static class SigStructure
{
    private const string Signature1Context = "Signature1";

    // 0x84 (array of 4), then "Signature1" as a text string of 10 bytes (0x6A): constant for every message.
    private static readonly byte[] Signature1Prefix = [0x84, 0x6A, .."Signature1"u8];

    /// <param name="protectedHeaders">The decoded bucket: when it holds no parameters the zero-length bstr is used,
    /// whatever was on the wire (RFC 9052 §4.4: "If there are no protected attributes, a zero-length byte string is
    /// used"; §3 makes h'a0' and h'' the same empty bucket).</param>
    public static byte[] Sign1(CoseHeaders protectedHeaders, ReadOnlySpan<byte> encodedProtected,
        ReadOnlySpan<byte> externalAad, ReadOnlySpan<byte> payload) =>
        Encode(Signature1Context, BodyProtected(protectedHeaders, encodedProtected), externalAad, payload);

    /// <summary>
    /// The <paramref name="hash"/> of the Sig_structure <see cref="Sign1"/> encodes, fed piece by piece, so that the
    /// payload is never copied. Returns the number of bytes written to <paramref name="destination"/>.
    /// </summary>
    public static int HashSign1(HashAlgorithmName hash, CoseHeaders protectedHeaders, ReadOnlySpan<byte> encodedProtected,
        ReadOnlySpan<byte> externalAad, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        using var hasher = IncrementalHash.CreateHash(hash);
        hasher.AppendData(Signature1Prefix);
        AppendByteString(hasher, BodyProtected(protectedHeaders, encodedProtected));
        AppendByteString(hasher, externalAad);
        AppendByteString(hasher, payload);
        return hasher.GetHashAndReset(destination);
    }

    /// <summary>The protected item of the structure: the bstr content as received, or h'' for an empty bucket.</summary>
    public static ReadOnlySpan<byte> BodyProtected(CoseHeaders protectedHeaders, ReadOnlySpan<byte> encodedProtected) =>
        protectedHeaders.Count == 0 ? [] : encodedProtected;

    /// <summary>[context, body_protected, external_aad, payload], the shape of Sig_structure and MAC_structure.</summary>
    public static byte[] Encode(string context, ReadOnlySpan<byte> bodyProtected, ReadOnlySpan<byte> externalAad, ReadOnlySpan<byte> payload)
    {
        // RFC 9052 §9: definite lengths and shortest-form heads, which is what CborWriter writes.
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(4);
        writer.WriteTextString(context);
        writer.WriteByteString(bodyProtected);
        writer.WriteByteString(externalAad);
        writer.WriteByteString(payload);
        writer.WriteEndArray();
        return writer.Encode();
    }

    // A byte string as CborWriter writes it: the shortest head for major type 2 (RFC 8949 §3, §4.2.1), then the bytes.
    private static void AppendByteString(IncrementalHash hasher, ReadOnlySpan<byte> content)
    {
        Span<byte> head = stackalloc byte[9];
        const byte byteString = 2 << 5;
        var length = (ulong)content.Length;
        int size;
        if (length < 24)
        {
            head[0] = (byte)(byteString | (int)length);
            size = 1;
        }
        else if (length <= byte.MaxValue)
        {
            head[0] = byteString | 24;
            head[1] = (byte)length;
            size = 2;
        }
        else if (length <= ushort.MaxValue)
        {
            head[0] = byteString | 25;
            BinaryPrimitives.WriteUInt16BigEndian(head[1..], (ushort)length);
            size = 3;
        }
        else
        {
            // A span is shorter than 2^31, so the four-byte argument always suffices.
            head[0] = byteString | 26;
            BinaryPrimitives.WriteUInt32BigEndian(head[1..], (uint)length);
            size = 5;
        }
        hasher.AppendData(head[..size]);
        hasher.AppendData(content);
    }
}
