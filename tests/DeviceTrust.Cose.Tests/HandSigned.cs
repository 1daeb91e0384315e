using System.Formats.Cbor;
using System.Security.Cryptography;

namespace DeviceTrust.Cose.Tests;

/// <summary>
/// Builds a COSE_Sign1 directly from RFC 9052 §4.2/§4.4 with CborWriter, independently of the library, for
/// algorithms System.Security.Cryptography.Cose cannot sign (ESP256).
/// </summary>
internal static class HandSigned
{
    public static byte[] Sign1(int algorithm, ECDsa key, byte[] payload, HashAlgorithmName hash)
    {
        var protectedWriter = new CborWriter();
        protectedWriter.WriteStartMap(1);
        protectedWriter.WriteInt32(CoseHeaderLabels.Algorithm);
        protectedWriter.WriteInt32(algorithm);
        protectedWriter.WriteEndMap();
        var encodedProtected = protectedWriter.Encode();

        var sigStructure = new CborWriter();
        sigStructure.WriteStartArray(4);
        sigStructure.WriteTextString("Signature1");
        sigStructure.WriteByteString(encodedProtected);
        sigStructure.WriteByteString([]);
        sigStructure.WriteByteString(payload);
        sigStructure.WriteEndArray();
        var signature = key.SignData(sigStructure.Encode(), hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        var message = new CborWriter();
        message.WriteTag((CborTag)CoseTags.Sign1);
        message.WriteStartArray(4);
        message.WriteByteString(encodedProtected);
        message.WriteStartMap(0);
        message.WriteEndMap();
        message.WriteByteString(payload);
        message.WriteByteString(signature);
        message.WriteEndArray();
        return message.Encode();
    }
}
