using System.Security.Cryptography;

namespace DeviceTrust.Cose.Tests;

/// <summary>ESP256 (-9, RFC 9864 §2.1), signed here because System.Security.Cryptography.Cose does not know it.</summary>
public sealed class CoseSign1SignerEsp256Tests
{
    private static readonly byte[] Payload = "SUIT digest bytes"u8.ToArray();

    [Fact]
    public void SignEsp256_Embedded_VerifiesWithTheKey_AlgProtected_KidUnprotected()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var message = CoseSign1.Decode(CoseSign1Signer.SignEsp256(Payload, key, new CoseSignOptions { KeyId = new byte[] { 1, 2 }, Type = "application/suit-envelope+cose" }));

        Assert.True(message.IsTagged);
        Assert.True(message.AlgorithmIsProtected);
        Assert.Equal((CoseLabel)CoseAlgorithms.ESP256, message.Algorithm);
        Assert.Equal(new byte[] { 1, 2 }, message.UnprotectedHeaders.GetByteString(CoseHeaderLabels.KeyId));
        Assert.Equal("application/suit-envelope+cose", message.ProtectedHeaders.GetText(CoseHeaderLabels.Type));
        Assert.Equal(Payload, message.Payload!.Value.ToArray());
        Assert.True(message.Verify(key));
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.False(message.Verify(other));
    }

    [Fact]
    public void SignEsp256_Detached_VerifiesOnlyWithThePayload()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var message = CoseSign1.Decode(CoseSign1Signer.SignEsp256(Payload, key, new CoseSignOptions { DetachedPayload = true }));

        Assert.True(message.IsDetached);
        Assert.True(message.VerifyDetached(key, Payload));
        Assert.False(message.VerifyDetached(key, "another payload"u8));
    }

    [Fact]
    public void SignEsp256_NotP256_Refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>(() => CoseSign1Signer.SignEsp256(Payload, key));
    }
}
