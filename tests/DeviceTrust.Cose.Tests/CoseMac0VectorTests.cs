namespace DeviceTrust.Cose.Tests;

/// <summary>
/// The MACed CWTs of RFC 8392 A.4 and A.7 (cose-wg/Examples CWT/, TestVectors/PROVENANCE.md): HMAC 256/64 over a
/// 17-tagged COSE_Mac0 with the key "our-secret". The MAC_structure is rebuilt byte for byte and the tag verifies;
/// every changed byte of tag or payload, and any other key, fails.
/// </summary>
public sealed class CoseMac0VectorTests
{
    public static TheoryData<string> MacedCwts => new("CWT/A_4.json", "CWT/A_7.json");

    private static CoseSymmetricKey KeyOf(CoseWgVector vector) =>
        CoseSymmetricKey.FromBytes(vector.MacKey.K, System.Text.Encoding.UTF8.GetBytes(vector.MacKey.KeyId));

    [Theory]
    [MemberData(nameof(MacedCwts))]
    public void Decode_MacedCwtVector_RebuildsToMacAndVerifies(string file)
    {
        var vector = CoseWgVector.Load(file);

        var message = CoseMac0.Decode(vector.Output);

        Assert.True(message.IsTagged);
        Assert.False(message.IsCwtTagged);
        Assert.Equal(CoseAlgorithms.HMAC256_64, message.Algorithm.Integer);
        Assert.True(message.AlgorithmIsProtected);
        Assert.Equal(8, message.Tag.Length);
        Assert.Equal(vector.InputPlaintext, message.Payload!.Value.ToArray());
        Assert.Equal(vector.ToMac, message.ToBeMaced());
        Assert.True(message.Verify(KeyOf(vector)));
    }

    [Fact]
    public void Verify_CwtA4_EveryFlippedTagOrPayloadByte_Fails()
    {
        var vector = CoseWgVector.Load("CWT/A_4.json");
        var key = KeyOf(vector);
        var payloadAt = vector.Output.AsSpan().IndexOf(vector.InputPlaintext);
        var tagAt = vector.Output.Length - 8;
        Assert.True(payloadAt > 0);
        var positions = Enumerable.Range(payloadAt, vector.InputPlaintext.Length).Concat(Enumerable.Range(tagAt, 8)).ToList();

        foreach (var position in positions)
        {
            var changed = (byte[])vector.Output.Clone();
            changed[position] ^= 0x01;
            Assert.False(CoseMac0.Decode(changed).Verify(key), $"byte {position} flipped still verifies");
        }
        Assert.Equal(88, positions.Count);
    }

    [Fact]
    public void Verify_CwtA4_WithAnotherKey_Fails()
    {
        var vector = CoseWgVector.Load("CWT/A_4.json");
        var otherK = (byte[])vector.MacKey.K.Clone();
        otherK[^1] ^= 0x80;

        var message = CoseMac0.Decode(vector.Output);

        Assert.False(message.Verify(CoseSymmetricKey.FromBytes(otherK)));
        Assert.True(message.Verify(KeyOf(vector)));
    }

    [Fact]
    public void Verify_CwtA4_WithExternalAadItWasNotMadeWith_Fails()
    {
        var vector = CoseWgVector.Load("CWT/A_4.json");

        Assert.False(CoseMac0.Decode(vector.Output).Verify(KeyOf(vector), [0x00]));
    }

    [Fact]
    public void Verify_CwtA4_WithKeyRestrictedToHmac256_256_Fails()
    {
        // RFC 9052 §7.1: a key whose alg names another algorithm must not be used.
        var vector = CoseWgVector.Load("CWT/A_4.json");
        var restricted = CoseSymmetricKey.FromBytes(vector.MacKey.K, algorithm: CoseAlgorithms.HMAC256_256);

        Assert.False(CoseMac0.Decode(vector.Output).Verify(restricted));
        Assert.True(CoseMac0.Decode(vector.Output).Verify(CoseSymmetricKey.FromBytes(vector.MacKey.K, algorithm: CoseAlgorithms.HMAC256_64)));
    }

    [Fact]
    public void Verify_CwtA4_WithItsKeyThroughCoseKeyAndJwk_Verifies()
    {
        // The key as it would arrive: a symmetric COSE_Key, and a JWK "oct" (HMAC 256/64 has no JWK alg, so none is set).
        var vector = CoseWgVector.Load("CWT/A_4.json");
        var throughCose = CoseSymmetricKey.Decode(KeyOf(vector).Encode());
        var throughJwk = CoseJwk.ToSymmetricKey(CoseJwk.ToJwk(throughCose));

        var message = CoseMac0.Decode(vector.Output);

        Assert.Equal("our-secret"u8.ToArray(), throughJwk.KeyId!.Value.ToArray());
        Assert.True(message.Verify(throughCose));
        Assert.True(message.Verify(throughJwk));
    }

    [Fact]
    public void Create_A4PayloadAndKey_ReproducesTheVectorBytes()
    {
        // HMAC is deterministic, and A.4 has just {1: 4} protected and an empty unprotected map, so our creator must
        // produce the RFC's bytes exactly when no kid is given.
        var vector = CoseWgVector.Load("CWT/A_4.json");

        var created = CoseMac0.Create(vector.InputPlaintext, CoseSymmetricKey.FromBytes(vector.MacKey.K), CoseAlgorithms.HMAC256_64);

        Assert.Equal(Convert.ToHexString(vector.Output), Convert.ToHexString(created));
    }
}
