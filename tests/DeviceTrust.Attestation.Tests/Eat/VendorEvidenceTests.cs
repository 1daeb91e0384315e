using System.Formats.Cbor;
using System.Security.Cryptography;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;

namespace DeviceTrust.Attestation.Tests.Eat;

/// <summary>
/// Evidence of a VendorVerified device class (docs/eat-profile.md): the profile's claims-set in a COSE_Mac0 with
/// HMAC 256/256. The malformed tokens are written here with System.Formats.Cbor and HMACSHA256, not with DeviceTrust.Cose,
/// so that a defect of our encoder cannot hide the same defect in the reader.
/// </summary>
public sealed class VendorEvidenceTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)(0x40 + i)).ToArray();
    private static readonly byte[] Kid = "kid-of-the-secret"u8.ToArray();
    private static readonly CoseSymmetricKey Secret = CoseSymmetricKey.FromBytes(Key, Kid, CoseAlgorithms.HMAC256_256);

    [Fact]
    public void Build_ThenRead_SameClaimsKidAndEnvelope_TagVerifiesWithTheSecret()
    {
        var claims = EatSamples.DeviceTrust();

        var encoded = VendorEvidence.Build(claims, Secret);
        var token = VendorEvidence.Read(encoded);

        Assert.Equal([0xD8, 0x3D, 0xD1], encoded[..3]);   // 61(17(...))
        Assert.Equal(claims.Encode(), token.Message.Payload!.Value.ToArray());
        Assert.Equal(claims.Encode(), token.Claims.Encode());   // every claim decoded back to its value
        // In the order received, which is the deterministic order of the encoded keys (RFC 8949 §4.2.1).
        Assert.Equal(new long?[] { 6, 10, 256, 259, 263, 265, 266, 267 }, token.ClaimLabels.Select(label => label.Integer));
        Assert.Equal(Kid, token.Message.UnprotectedHeaders.GetByteString(CoseHeaderLabels.KeyId));
        Assert.Equal(Kid, token.KeyId);
        Assert.True(token.Message.IsCwtTagged);
        Assert.True(token.Message.IsTagged);
        Assert.Equal((CoseLabel)CoseAlgorithms.HMAC256_256, token.Message.Algorithm);
        Assert.True(token.Message.AlgorithmIsProtected);
        Assert.Equal(DeviceTrustEatProfile.MediaType, token.Message.ProtectedHeaders.GetText(CoseHeaderLabels.Type));
        Assert.Equal(32, token.Message.Tag.Length);
        Assert.True(token.VerifyTag(Secret));
        Assert.True(DeviceTrustEatProfile.Check(token.Claims).Conforms);
    }

    [Fact]
    public void Build_IsByteForByteTheTokenWrittenByHand()
    {
        // Deterministic encoding (RFC 8949 §4.2.1) of 61(17([<<{1: 5, 16: typ}>>, {4: kid}, payload, HMAC])).
        Assert.Equal(HandMac(new Parts()), VendorEvidence.Build(EatSamples.DeviceTrust(), Secret));
    }

    [Theory]
    [InlineData("as built")]
    [InlineData("tag 17 without the CWT tag")]
    [InlineData("no typ")]
    [InlineData("typ application/eat+cwt; eat_profile=\"tag:devicetrust.dev,2026:eat/v1\"")]
    [InlineData("64-byte kid")]
    public void Read_AllowedVariant_DecodesAndVerifies(string variant)
    {
        var parts = Variant(variant);

        var token = VendorEvidence.Read(HandMac(parts));

        Assert.Equal(parts.CwtTag, token.Message.IsCwtTagged);
        Assert.True(token.Message.IsTagged);
        Assert.Equal(parts.Type, token.Message.ProtectedHeaders.GetText(CoseHeaderLabels.Type));
        Assert.Equal(parts.Kid, token.KeyId);
        Assert.Equal(parts.Payload, token.Claims.Encode());
        Assert.True(token.VerifyTag(Secret));
    }

    [Fact]
    public void VerifyTag_AnotherSecretOrOneForAnotherAlg_False()
    {
        var token = VendorEvidence.Read(VendorEvidence.Build(EatSamples.DeviceTrust(), Secret));
        var otherValue = (byte[])Key.Clone();
        otherValue[^1] ^= 0x01;

        Assert.False(token.VerifyTag(CoseSymmetricKey.FromBytes(otherValue, Kid, CoseAlgorithms.HMAC256_256)));
        Assert.False(token.VerifyTag(CoseSymmetricKey.FromBytes(RandomNumberGenerator.GetBytes(32), Kid, CoseAlgorithms.HMAC256_256)));
        Assert.False(token.VerifyTag(CoseSymmetricKey.FromBytes(Key, Kid, CoseAlgorithms.HMAC256_64)));   // right value, other alg: RFC 9052 §7.1
        Assert.True(token.VerifyTag(Secret));
    }

    [Fact]
    public void VerifyTag_FlippedPayloadByte_False()
    {
        var nonce = EatSamples.Hex("0101010101010101");
        var encoded = VendorEvidence.Build(EatSamples.DeviceTrust(nonce), Secret);
        var at = encoded.AsSpan().IndexOf(nonce);
        encoded[at] ^= 0x03;   // still a valid 8-byte nonce: the claims-set decodes

        var token = VendorEvidence.Read(encoded);

        Assert.Equal(EatSamples.Hex("0201010101010101"), token.Claims.Nonce![0]);
        Assert.False(token.VerifyTag(Secret));
    }

    [Fact]
    public void VerifyTag_FlippedTagByte_False()
    {
        var encoded = VendorEvidence.Build(EatSamples.DeviceTrust(), Secret);
        encoded[^1] ^= 0x80;

        Assert.False(VendorEvidence.Read(encoded).VerifyTag(Secret));
    }

    [Fact]
    public void IsMacEnvelope_VendorEvidence_True()
    {
        Assert.True(VendorEvidence.IsMacEnvelope(VendorEvidence.Build(EatSamples.DeviceTrust(), Secret)));
        Assert.True(VendorEvidence.IsMacEnvelope(HandMac(Variant("tag 17 without the CWT tag"))));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void IsMacEnvelope_SignedEvidence_False(bool cwtTag)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.False(VendorEvidence.IsMacEnvelope(EatEvidence.Build(EatSamples.DeviceTrust(), key, new EatEvidenceOptions { CwtTag = cwtTag })));
    }

    [Theory]
    [InlineData("")]
    [InlineData("FF")]
    [InlineData("D83D01")]          // 61(1)
    [InlineData("D8")]              // a truncated tag head
    [InlineData("D83D")]            // the CWT tag and nothing under it
    [InlineData("D83DD2")]          // 61(18(...)), truncated
    [InlineData("0102030405")]
    public void IsMacEnvelope_GarbageOrEmpty_False(string hex) =>
        Assert.False(VendorEvidence.IsMacEnvelope(Convert.FromHexString(hex)));

    [Fact]
    public void IsMacEnvelope_UntaggedMac0_False() =>
        Assert.False(VendorEvidence.IsMacEnvelope(HandMac(Variant("untagged"))));

    [Theory]
    [InlineData("untagged", "EAT token (COSE_Mac0)", "vendor evidence is a tagged COSE_Mac0 (tag 17, RFC 9052 §6.2)")]
    [InlineData("HMAC 256/64", "EAT token (COSE_Mac0) protected header alg", "MACed with HMAC 256/256 (5), not 4")]
    [InlineData("no kid", "EAT token (COSE_Mac0) kid", "kid (4) is missing")]
    [InlineData("65-byte kid", "EAT token (COSE_Mac0) kid", "1 to 64 bytes, not 65")]
    [InlineData("empty kid", "EAT token (COSE_Mac0) kid", "1 to 64 bytes, not 0")]
    [InlineData("typ application/eat+jwt", "EAT token (COSE_Mac0) typ", "typ \"application/eat+jwt\" is not application/eat+cwt")]
    [InlineData("typ application/cwt", "EAT token (COSE_Mac0) typ", "typ \"application/cwt\" is not application/eat+cwt")]
    [InlineData("typ application/eat+cwtx", "EAT token (COSE_Mac0) typ", "typ \"application/eat+cwtx\" is not")]
    [InlineData("detached payload", "EAT token (COSE_Mac0) payload", "must be embedded, not detached (nil)")]
    [InlineData("16-byte MAC tag", "COSE_Mac0[3] tag", "must be 32 bytes for HMAC 256/256 (5), found 16")]
    public void Read_MalformedEnvelope_RefusedNamingTheProblem(string variant, string where, string what)
    {
        var error = Refusal(HandMac(Variant(variant)));

        Assert.Equal(where, error.Where);
        Assert.Contains(what, error.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PayloadNotAMap_RefusedAsAClaimsSet()
    {
        var error = Refusal(HandMac(new Parts { Payload = EatSamples.Encoded(w => w.WriteTextString("not a claims-set")) }));

        Assert.StartsWith("EAT claims-set", error.Where, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PayloadWithAClaimOfTheWrongType_RefusedNamingTheClaim()
    {
        var payload = EatSamples.OneClaim(EatClaimKeys.Nonce, w => w.WriteByteString([1]));   // eat_nonce is 8..64 bytes

        Assert.Equal("EAT claims-set/10 (eat_nonce)", Refusal(HandMac(new Parts { Payload = payload })).Where);
    }

    [Fact]
    public void Read_TokenLargerThan64KiB_Refused()
    {
        // A well-formed, correctly MACed token whose only defect is its size: the profile's claims plus a private claim
        // -80001 of 70 000 bytes (EatClaimsSet.Encode refuses to write it, so the map is extended by hand).
        var claims = EatSamples.DeviceTrust().Encode();
        Assert.Equal(0xA8, claims[0]);   // a map of 8 claims
        var extra = new CborWriter(allowMultipleRootLevelValues: true);
        extra.WriteInt32(-80001);
        extra.WriteByteString(new byte[70_000]);
        var encoded = HandMac(new Parts { Payload = [0xA9, .. claims[1..], .. extra.Encode()] });
        Assert.True(encoded.Length > EatToken.MaxEncodedLength);

        var error = Refusal(encoded);

        Assert.Contains("larger than the 65536 bytes accepted", error.Message, StringComparison.Ordinal);
        Assert.Equal("EAT token (COSE_Mac0)", error.Where);   // the token's limit, not the claims-set's
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_SignedEvidence_RefusedAsNotACoseMac0(bool cwtTag)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = EatEvidence.Build(EatSamples.DeviceTrust(), key, new EatEvidenceOptions { CwtTag = cwtTag });

        var error = Refusal(signed);

        Assert.Contains(cwtTag ? "must wrap a tagged COSE_Mac0" : "wrong tag 18 (COSE_Sign1), expected 17 (COSE_Mac0)",
            error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("D83D01")]
    [InlineData("D1F6")]
    [InlineData("D18400")]
    public void Read_GarbageOrEmpty_FormatError(string hex) =>
        Refusal(Convert.FromHexString(hex));

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(65)]
    public void Build_SecretWithoutAKidOf1To64Bytes_ArgumentException(int? kidLength)
    {
        // Cast first: a null byte[] would become an empty, non-null ReadOnlyMemory.
        var secret = CoseSymmetricKey.FromBytes(Key, kidLength is { } length ? (ReadOnlyMemory<byte>?)new byte[length] : null);
        Assert.Equal(kidLength, secret.KeyId?.Length);

        var error = Assert.Throws<ArgumentException>(() => VendorEvidence.Build(EatSamples.DeviceTrust(), secret));

        Assert.Equal("secret", error.ParamName);
        Assert.Contains("needs an id of 1 to 64 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SecretShorterThan32Bytes_ArgumentException() =>
        Assert.ThrowsAny<ArgumentException>(() => VendorEvidence.Build(EatSamples.DeviceTrust(), CoseSymmetricKey.FromBytes(Key[..16], Kid)));

    private static AttestationFormatException Refusal(byte[] encoded) =>
        Assert.Throws<AttestationFormatException>(() => VendorEvidence.Read(encoded));

    private static Parts Variant(string name) => name switch
    {
        "as built" => new Parts(),
        "tag 17 without the CWT tag" => new Parts { CwtTag = false },
        "untagged" => new Parts { CwtTag = false, Mac0Tag = false },
        "no typ" => new Parts { Type = null },
        _ when name.StartsWith("typ ", StringComparison.Ordinal) => new Parts { Type = name[4..] },
        "HMAC 256/64" => new Parts { Algorithm = CoseAlgorithms.HMAC256_64 },
        "no kid" => new Parts { Kid = null },
        "empty kid" => new Parts { Kid = [] },
        "64-byte kid" => new Parts { Kid = new byte[64] },
        "65-byte kid" => new Parts { Kid = new byte[65] },
        "detached payload" => new Parts { Detached = true },
        "16-byte MAC tag" => new Parts { TagLength = 16 },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such variant"),
    };

    /// <summary>What a hand-written token differs in from the well-formed one (the defaults).</summary>
    private sealed record Parts
    {
        public int Algorithm { get; init; } = CoseAlgorithms.HMAC256_256;
        public string? Type { get; init; } = "application/eat+cwt";
        public byte[]? Kid { get; init; } = VendorEvidenceTests.Kid;
        public byte[] Payload { get; init; } = EatSamples.DeviceTrust().Encode();
        public bool Detached { get; init; }
        public bool CwtTag { get; init; } = true;
        public bool Mac0Tag { get; init; } = true;
        public int? TagLength { get; init; }
    }

    /// <summary>A COSE_Mac0 (RFC 9052 §6.2) MACed with <see cref="Key"/> over its MAC_structure (§6.3), by hand.</summary>
    private static byte[] HandMac(Parts parts)
    {
        var header = new CborWriter();
        header.WriteStartMap(parts.Type is null ? 1 : 2);
        header.WriteInt32(1);   // alg
        header.WriteInt32(parts.Algorithm);
        if (parts.Type is not null)
        {
            header.WriteInt32(16);   // typ
            header.WriteTextString(parts.Type);
        }
        header.WriteEndMap();
        var protectedBytes = header.Encode();

        var structure = new CborWriter();
        structure.WriteStartArray(4);
        structure.WriteTextString("MAC0");
        structure.WriteByteString(protectedBytes);
        structure.WriteByteString([]);   // external_aad
        structure.WriteByteString(parts.Payload);
        structure.WriteEndArray();
        var mac = HMACSHA256.HashData(Key, structure.Encode());
        var tag = mac[..(parts.TagLength ?? (parts.Algorithm == CoseAlgorithms.HMAC256_64 ? 8 : 32))];

        var message = new CborWriter();
        if (parts.CwtTag)
            message.WriteTag((CborTag)61);
        if (parts.Mac0Tag)
            message.WriteTag((CborTag)17);
        message.WriteStartArray(4);
        message.WriteByteString(protectedBytes);
        message.WriteStartMap(parts.Kid is null ? 0 : 1);
        if (parts.Kid is not null)
        {
            message.WriteInt32(4);   // kid
            message.WriteByteString(parts.Kid);
        }
        message.WriteEndMap();
        if (parts.Detached)
            message.WriteNull();
        else
            message.WriteByteString(parts.Payload);
        message.WriteByteString(tag);
        message.WriteEndArray();
        return message.Encode();
    }
}
