using System.Security.Cryptography;

namespace DeviceTrust.Cose.Tests;

/// <summary>COSE_Mac0 made by <see cref="CoseMac0.Create"/>: round trips for both HMAC algorithms in every envelope.</summary>
public sealed class CoseMac0Tests
{
    private static readonly byte[] Payload = [0xA1, 0x0A, 0x48, 1, 2, 3, 4, 5, 6, 7, 8]; // {10: h'0102030405060708'}

    private static CoseSymmetricKey NewKey(int length = 32, string? kid = null) => kid is null
        ? CoseSymmetricKey.FromBytes(RandomNumberGenerator.GetBytes(length))
        : CoseSymmetricKey.FromBytes(RandomNumberGenerator.GetBytes(length), System.Text.Encoding.UTF8.GetBytes(kid));

    [Theory]
    [InlineData(CoseAlgorithms.HMAC256_256, 32, false)]
    [InlineData(CoseAlgorithms.HMAC256_256, 32, true)]
    [InlineData(CoseAlgorithms.HMAC256_64, 8, false)]
    [InlineData(CoseAlgorithms.HMAC256_64, 8, true)]
    public void Create_ThenDecode_VerifiesWithTheKey(int algorithm, int tagLength, bool cwtTag)
    {
        var key = NewKey(kid: "device-7");

        var encoded = CoseMac0.Create(Payload, key, algorithm, new CoseMacOptions { CwtTag = cwtTag, Type = "application/eat+cwt" });
        var message = CoseMac0.Decode(encoded);

        Assert.Equal(cwtTag ? [0xD8, 0x3D, 0xD1] : new byte[] { 0xD1 }, encoded[..(cwtTag ? 3 : 1)]);
        Assert.True(message.IsTagged);
        Assert.Equal(cwtTag, message.IsCwtTagged);
        Assert.Equal(algorithm, message.Algorithm.Integer);
        Assert.True(message.AlgorithmIsProtected);
        Assert.Equal(tagLength, message.Tag.Length);
        Assert.Equal("application/eat+cwt", message.ProtectedHeaders.GetText(CoseHeaderLabels.Type));
        Assert.Equal("device-7"u8.ToArray(), message.UnprotectedHeaders.GetByteString(CoseHeaderLabels.KeyId));
        Assert.Equal(Payload, message.Payload!.Value.ToArray());
        Assert.True(message.Verify(key));
        Assert.False(message.Verify(NewKey()));
    }

    [Theory]
    [InlineData(CoseAlgorithms.HMAC256_256)]
    [InlineData(CoseAlgorithms.HMAC256_64)]
    public void Decode_UntaggedArray_VerifiesAndIsNotTagged(int algorithm)
    {
        var key = NewKey();
        var tagged = CoseMac0.Create(Payload, key, algorithm);

        var message = CoseMac0.Decode(tagged.AsSpan(1));   // the array without 0xD1

        Assert.False(message.IsTagged);
        Assert.False(message.IsCwtTagged);
        Assert.Equal(tagged[1..], message.Encoded.ToArray());
        Assert.True(message.Verify(key));
    }

    [Fact]
    public void Decode_CwtTagged_EncodedIsTheInnerTaggedMessage()
    {
        var encoded = CoseMac0.Create(Payload, NewKey(), CoseAlgorithms.HMAC256_256, new CoseMacOptions { CwtTag = true });

        Assert.Equal(encoded[2..], CoseMac0.Decode(encoded).Encoded.ToArray());
    }

    [Fact]
    public void Create_DetachedWithExternalAad_VerifiesOnlyWithBoth()
    {
        var key = NewKey();
        byte[] aad = [0x01, 0x02];

        var message = CoseMac0.Decode(CoseMac0.Create(Payload, key, CoseAlgorithms.HMAC256_256,
            new CoseMacOptions { DetachedPayload = true, ExternalAad = aad }));

        Assert.True(message.IsDetached);
        Assert.True(message.VerifyDetached(key, Payload, aad));
        Assert.False(message.VerifyDetached(key, Payload));
        Assert.False(message.VerifyDetached(key, Payload[1..], aad));
        Assert.Throws<InvalidOperationException>(() => message.Verify(key, aad));
    }

    [Fact]
    public void Create_KidFromOptions_OverridesTheKeysKid()
    {
        var message = CoseMac0.Decode(CoseMac0.Create(Payload, NewKey(kid: "from-key"), CoseAlgorithms.HMAC256_256,
            new CoseMacOptions { KeyId = "from-options"u8.ToArray() }));

        Assert.Equal("from-options"u8.ToArray(), message.UnprotectedHeaders.GetByteString(CoseHeaderLabels.KeyId));
    }

    [Fact]
    public void Create_WithoutKidOrType_HasOnlyAlg()
    {
        var message = CoseMac0.Decode(CoseMac0.Create(Payload, NewKey(), CoseAlgorithms.HMAC256_256));

        Assert.Equal("A10105", Convert.ToHexString(message.EncodedProtectedHeaders.Span));
        Assert.Equal(0, message.UnprotectedHeaders.Count);
    }

    [Theory]
    [InlineData(CoseAlgorithms.HMAC256_256)]
    [InlineData(CoseAlgorithms.HMAC256_64)]
    public void Create_KeyShorterThanTheHashOutput_Refused(int algorithm)
    {
        var error = Assert.Throws<ArgumentException>(() => CoseMac0.Create(Payload, NewKey(31), algorithm));

        Assert.Contains("at least 32 bytes", error.Message);
    }

    [Fact]
    public void Verify_KeyShorterThanTheHashOutput_False()
    {
        // A message MACed elsewhere with a 16-byte key: the tag is right, the key too weak to accept.
        var shortKey = RandomNumberGenerator.GetBytes(16);
        var protectedHeader = Convert.FromHexString("A10105");
        // ["MAC0", h'A10105', h'', payload]
        var toMac = Convert.FromHexString("84" + "644D414330" + "43A10105" + "40" + "4B" + Convert.ToHexString(Payload));
        var tag = HMACSHA256.HashData(shortKey, toMac);
        var encoded = Convert.FromHexString("D18443" + Convert.ToHexString(protectedHeader) + "A04B" + Convert.ToHexString(Payload) + "5820" + Convert.ToHexString(tag));

        var message = CoseMac0.Decode(encoded);

        Assert.Equal(toMac, message.ToBeMaced());
        Assert.False(message.Verify(CoseSymmetricKey.FromBytes(shortKey)));
    }

    [Fact]
    public void Create_KeyRestrictedToAnotherAlg_Refused() =>
        Assert.Throws<ArgumentException>(() => CoseMac0.Create(Payload,
            CoseSymmetricKey.FromBytes(RandomNumberGenerator.GetBytes(32), algorithm: CoseAlgorithms.HMAC256_64), CoseAlgorithms.HMAC256_256));

    [Theory]
    [InlineData(CoseAlgorithms.ES256)]
    [InlineData(CoseAlgorithms.HMAC384_384)]
    public void Create_NotASupportedMacAlgorithm_NotSupported(int algorithm) =>
        Assert.Throws<NotSupportedException>(() => CoseMac0.Create(Payload, NewKey(64), algorithm));

    [Fact]
    public void FromBytes_EmptyKey_Refused() =>
        Assert.Throws<ArgumentException>(() => CoseSymmetricKey.FromBytes([]));
}
