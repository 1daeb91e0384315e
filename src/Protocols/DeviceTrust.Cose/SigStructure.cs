using System.Formats.Cbor;

namespace DeviceTrust.Cose;

/// <summary>
/// The ToBeSigned bytes of a COSE_Sign1 (RFC 9052 §4.4), hand-written for the algorithms
/// System.Security.Cryptography.Cose refuses and for exposing the exact bytes to tests. The MAC_structure of
/// RFC 9052 §6.3 has the same shape with another context (<see cref="MacStructure"/>).
/// <code>
/// Sig_structure = [ context : "Signature1", body_protected : empty_or_serialized_map,
///                   external_aad : bstr, payload : bstr ]
/// </code>
/// </summary>
internal static class SigStructure
{
    private const string Signature1Context = "Signature1";

    /// <param name="protectedHeaders">The decoded bucket: when it holds no parameters the zero-length bstr is used,
    /// whatever was on the wire (RFC 9052 §4.4: "If there are no protected attributes, a zero-length byte string is
    /// used"; §3 makes h'a0' and h'' the same empty bucket).</param>
    public static byte[] Sign1(CoseHeaders protectedHeaders, ReadOnlySpan<byte> encodedProtected,
        ReadOnlySpan<byte> externalAad, ReadOnlySpan<byte> payload) =>
        Encode(Signature1Context, BodyProtected(protectedHeaders, encodedProtected), externalAad, payload);

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
}
