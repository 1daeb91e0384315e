using System.Formats.Cbor;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Cose;

/// <summary>
/// Writes the four-item body shared by COSE_Sign1 and COSE_Mac0 (RFC 9052 §4.2, §6.2), tagged, optionally inside the
/// CWT tag 61 (RFC 8392 §6): <c>[protected, unprotected, payload / nil, signature or tag]</c>.
/// </summary>
internal static class CoseMessageWriter
{
    public static byte[] Write(ulong messageTag, ReadOnlySpan<byte> encodedProtected, DeterministicMapWriter unprotectedHeaders, ReadOnlySpan<byte> payload,
        bool detachedPayload, ReadOnlySpan<byte> authenticator, bool cwtTag)
    {
        var message = new CborWriter(CborConformanceMode.Strict);
        if (cwtTag)
            message.WriteTag((CborTag)CoseTags.Cwt);
        message.WriteTag((CborTag)messageTag);
        message.WriteStartArray(4);
        message.WriteByteString(encodedProtected);
        unprotectedHeaders.WriteTo(message);
        if (detachedPayload)
            message.WriteNull();
        else
            message.WriteByteString(payload);
        message.WriteByteString(authenticator);
        message.WriteEndArray();
        return message.Encode();
    }
}
