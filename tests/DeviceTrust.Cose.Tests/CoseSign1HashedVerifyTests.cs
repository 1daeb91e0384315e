using System.Formats.Cbor;
using System.Security.Cryptography;
using NetCose = System.Security.Cryptography.Cose;

namespace DeviceTrust.Cose.Tests;

/// <summary>
/// Verify hashes the Sig_structure from the decoded parts without building it (RFC 9052 §4.4), writing each bstr head
/// itself: checked against messages System.Security.Cryptography.Cose signs, at every length where a CBOR head grows.
/// </summary>
public sealed class CoseSign1HashedVerifyTests
{
    // Lengths at the edges of the head forms (RFC 8949 §3: argument in the head byte, then 1, 2 and 4 more bytes).
    [Theory]
    [InlineData(0, 0)]
    [InlineData(23, 24)]
    [InlineData(24, 23)]
    [InlineData(255, 256)]
    [InlineData(256, 255)]
    [InlineData(65535, 65536)]
    [InlineData(65536, 1)]
    [InlineData(100_000, 0)]
    public void Verify_PayloadAndAadAtEveryHeadLength_VerifiesWhatSystemSecurityCryptographyCoseSigned(int payloadLength, int aadLength)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = RandomNumberGenerator.GetBytes(payloadLength);
        var aad = RandomNumberGenerator.GetBytes(aadLength);
        var encoded = NetCose.CoseSign1Message.SignEmbedded(payload, new NetCose.CoseSigner(key, HashAlgorithmName.SHA256), aad);

        var message = CoseSign1.Decode(encoded);

        Assert.True(message.Verify(key, aad));
        Assert.False(message.Verify(key, [.. aad, 0]));
        Assert.True(key.VerifyData(message.ToBeSigned(aad), message.Signature.Span, HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void VerifyDetached_LargePayload_VerifiesOnlyThatPayload()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = RandomNumberGenerator.GetBytes(70_000);
        var encoded = NetCose.CoseSign1Message.SignDetached(payload, new NetCose.CoseSigner(key, HashAlgorithmName.SHA256));

        var message = CoseSign1.Decode(encoded);
        payload[^1] ^= 1;

        Assert.False(message.VerifyDetached(key, payload));
        payload[^1] ^= 1;
        Assert.True(message.VerifyDetached(key, payload));
    }

    [Theory]
    [InlineData("nistP384", CoseAlgorithms.ES384)]
    [InlineData("nistP521", CoseAlgorithms.ES512)]
    public void Verify_Es384AndEs512_HashWithTheAlgorithmsHash(string curve, int algorithm)
    {
        using var key = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        var hash = algorithm == CoseAlgorithms.ES384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA512;
        var encoded = NetCose.CoseSign1Message.SignEmbedded("content"u8, new NetCose.CoseSigner(key, hash));

        var message = CoseSign1.Decode(encoded);

        Assert.Equal(algorithm, message.Algorithm.Integer);
        Assert.True(message.Verify(key));
    }

    [Fact]
    public void Verify_Ps512_VerifiesAndATamperedPayloadDoesNot()
    {
        using var rsa = RSA.Create(2048);
        var signer = new NetCose.CoseSigner(rsa, RSASignaturePadding.Pss, HashAlgorithmName.SHA512);
        var encoded = NetCose.CoseSign1Message.SignDetached("content"u8, signer);

        var message = CoseSign1.Decode(encoded);

        Assert.True(message.VerifyDetached(rsa, "content"u8));
        Assert.False(message.VerifyDetached(rsa, "contenu"u8));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(72)]
    public void Verify_SignatureNotTheCurvesRAndSLength_ReturnsFalse(int length)
    {
        // RFC 9053 §2.1: an ES256 signature is r || s, 64 bytes; any other length does not verify (and does not throw).
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encoded = WithSignature(CoseSign1Signer.SignEs256("content"u8, key), new byte[length]);

        Assert.False(CoseSign1.Decode(encoded).Verify(key));
    }

    // The same message with another signature bstr.
    private static byte[] WithSignature(byte[] tagged, byte[] signature)
    {
        var reader = new CborReader(tagged);
        reader.ReadTag();
        reader.ReadStartArray();
        var writer = new CborWriter();
        writer.WriteTag((CborTag)CoseTags.Sign1);
        writer.WriteStartArray(4);
        writer.WriteByteString(reader.ReadByteString());
        writer.WriteEncodedValue(reader.ReadEncodedValue().Span);
        writer.WriteByteString(reader.ReadByteString());
        writer.WriteByteString(signature);
        writer.WriteEndArray();
        return writer.Encode();
    }
}
