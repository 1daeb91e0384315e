using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using NetCose = System.Security.Cryptography.Cose;

namespace DeviceTrust.Cose.Tests;

public sealed class CoseSign1VerifyTests
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("This is the content.");

    [Fact]
    public void SignEs256_WithKidAndX5Chain_DecodesUnderDefaultProfileAndVerifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = SelfSigned(key);
        var options = new CoseSignOptions { KeyId = "kid-1"u8.ToArray(), X5Chain = [certificate.RawData, certificate.RawData] };

        var message = CoseSign1.Decode(CoseSign1Signer.SignEs256(Payload, key, options));

        Assert.True(message.IsTagged);
        Assert.True(message.AlgorithmIsProtected);
        Assert.Equal(CoseAlgorithms.ES256, message.Algorithm.Integer);
        Assert.Equal("kid-1"u8.ToArray(), message.UnprotectedHeaders.GetByteString(CoseHeaderLabels.KeyId));
        Assert.Equal([certificate.RawData, certificate.RawData], message.ProtectedHeaders.GetCertificates(CoseHeaderLabels.X5Chain));
        Assert.Equal(Payload, message.Payload!.Value.ToArray());
        Assert.True(message.Verify(key));
    }

    [Fact]
    public void SignEs256_Output_VerifiesWithSystemSecurityCryptographyCose()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var encoded = CoseSign1Signer.SignEs256(Payload, key);

        Assert.True(NetCose.CoseMessage.DecodeSign1(encoded).VerifyEmbedded(key));
    }

    [Fact]
    public void SignEs256_P384Key_ThrowsArgumentException()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>(() => CoseSign1Signer.SignEs256(Payload, key));
    }

    [Fact]
    public void VerifyDetached_DetachedPayloadAndExternalAad_VerifiesOnlyWithBoth()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] aad = [0x11, 0xAA, 0x22];
        var encoded = CoseSign1Signer.SignEs256(Payload, key, new CoseSignOptions { DetachedPayload = true, ExternalAad = aad });

        var message = CoseSign1.Decode(encoded);

        Assert.True(message.IsDetached);
        Assert.True(message.VerifyDetached(key, Payload, aad));
        Assert.False(message.VerifyDetached(key, Payload));
        Assert.False(message.VerifyDetached(key, "other content"u8, aad));
    }

    [Fact]
    public void Verify_DetachedMessage_ThrowsInvalidOperation()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var message = CoseSign1.Decode(CoseSign1Signer.SignEs256(Payload, key, new CoseSignOptions { DetachedPayload = true }));

        Assert.Throws<InvalidOperationException>(() => message.Verify(key));
        Assert.Throws<InvalidOperationException>(() => message.ToBeSigned());
    }

    [Fact]
    public void VerifyDetached_EmbeddedMessage_ThrowsInvalidOperation()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var message = CoseSign1.Decode(CoseSign1Signer.SignEs256(Payload, key));

        Assert.Throws<InvalidOperationException>(() => message.VerifyDetached(key, Payload));
    }

    [Fact]
    public void Verify_FlippedSignatureByte_ReturnsFalse()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encoded = CoseSign1Signer.SignEs256(Payload, key);
        encoded[^1] ^= 0x01;

        Assert.False(CoseSign1.Decode(encoded).Verify(key));
    }

    [Fact]
    public void Verify_OtherKeyOrKeyType_ReturnsFalse()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rsa = RSA.Create(2048);
        var message = CoseSign1.Decode(CoseSign1Signer.SignEs256(Payload, key));

        Assert.False(message.Verify(other));
        Assert.False(message.Verify(rsa));
    }

    [Fact]
    public void Verify_Esp256OnP256_VerifiesThroughTheSigStructurePath()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var message = CoseSign1.Decode(HandSigned.Sign1(CoseAlgorithms.ESP256, key, Payload, HashAlgorithmName.SHA256));

        Assert.Equal(CoseAlgorithms.ESP256, message.Algorithm.Integer);
        Assert.True(message.Verify(key));
    }

    [Fact]
    public void Verify_Esp256SignedWithP384Key_ReturnsFalseBecauseEsp256FixesTheCurve()
    {
        // RFC 9864 §2.1: ESP256 is ECDSA on P-256 only, unlike the polymorphic ES256.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var message = CoseSign1.Decode(HandSigned.Sign1(CoseAlgorithms.ESP256, key, Payload, HashAlgorithmName.SHA256));

        Assert.False(message.Verify(key));
    }

    [Fact]
    public void Verify_Ps256FromSystemSecurityCryptographyCose_Verifies()
    {
        using var rsa = RSA.Create(2048);
        var signer = new NetCose.CoseSigner(rsa, RSASignaturePadding.Pss, HashAlgorithmName.SHA256);

        var message = CoseSign1.Decode(NetCose.CoseSign1Message.SignEmbedded(Payload, signer));

        Assert.Equal(CoseAlgorithms.PS256, message.Algorithm.Integer);
        Assert.True(message.Verify(rsa));
    }

    private static X509Certificate2 SelfSigned(ECDsa key) =>
        new CertificateRequest("CN=DeviceTrust COSE test", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
}
