using System.Formats.Cbor;
using System.Security.Cryptography;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;

namespace DeviceTrust.Attestation.Tests.Eat;

/// <summary>Building and reading DeviceTrust evidence: the COSE_Sign1 envelope the profile allows, and its signature.</summary>
public sealed class EatEvidenceTests
{
    [Fact]
    public void Build_ThenRead_Tag61AroundTag18_Es256_KidIsSpkiHash_SignatureVerifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var encoded = EatEvidence.Build(EatSamples.DeviceTrust(), key, new EatEvidenceOptions { IncludeType = true });
        var token = EatEvidence.Read(encoded);

        Assert.Equal([0xD8, 0x3D, 0xD2], encoded[..3]);
        Assert.True(token.Message.IsCwtTagged);
        Assert.Equal((CoseLabel)CoseAlgorithms.ES256, token.Message.Algorithm);
        Assert.True(token.Message.AlgorithmIsProtected);
        Assert.Equal(SHA256.HashData(key.ExportSubjectPublicKeyInfo()), token.KeyId);
        Assert.True(EatEvidence.KeyIdMatches(token, key));
        Assert.Equal(DeviceTrustEatProfile.MediaType, token.Message.ProtectedHeaders.GetText(CoseHeaderLabels.Type));
        Assert.True(token.VerifySignature(key));
        Assert.True(DeviceTrustEatProfile.Check(token.Claims).Conforms);
    }

    [Fact]
    public void Build_WithoutCwtTag_IsTag18()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var token = EatEvidence.Read(EatEvidence.Build(EatSamples.DeviceTrust(), key, new EatEvidenceOptions { CwtTag = false }));

        Assert.False(token.Message.IsCwtTagged);
        Assert.True(token.Message.IsTagged);
        Assert.Null(token.Message.ProtectedHeaders.GetText(CoseHeaderLabels.Type));
    }

    [Fact]
    public void VerifySignature_OtherKey_False_AndKidDoesNotMatch()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var token = EatEvidence.Read(EatEvidence.Build(EatSamples.DeviceTrust(), key));

        Assert.False(token.VerifySignature(other));
        Assert.False(EatEvidence.KeyIdMatches(token, other));
    }

    [Fact]
    public void VerifySignature_PayloadChanged_False()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encoded = EatEvidence.Build(EatSamples.DeviceTrust(EatSamples.Hex("0101010101010101")), key);
        var at = encoded.AsSpan().IndexOf(EatSamples.Hex("0101010101010101"));
        encoded[at] = 0x02;

        Assert.False(EatEvidence.Read(encoded).VerifySignature(key));
    }

    [Fact]
    public void Build_InvalidClaims_ArgumentException()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.ThrowsAny<ArgumentException>(() => EatEvidence.Build(EatSamples.DeviceTrust() with { Nonce = [new byte[3]] }, key));
    }

    [Fact]
    public void Build_P384Key_ArgumentException()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.ThrowsAny<ArgumentException>(() => EatEvidence.Build(EatSamples.DeviceTrust(), key));
    }

    [Fact]
    public void Read_Es384Token_RefusedNamingTheAlgorithm()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var encoded = SignWithNetCose(key, HashAlgorithmName.SHA384, EatSamples.DeviceTrust().Encode(), EatEvidence.KeyIdOf(key));

        var error = Assert.Throws<AttestationFormatException>(() => EatEvidence.Read(encoded));

        Assert.Contains("ES256 (-7), not -35", error.Message, StringComparison.Ordinal);
        Assert.NotNull(EatToken.Decode(encoded));   // a generic EAT reader takes it
    }

    [Fact]
    public void Read_WithoutKid_Refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encoded = SignWithNetCose(key, HashAlgorithmName.SHA256, EatSamples.DeviceTrust().Encode(), kid: null);

        Assert.Contains("kid (4) is missing", Assert.Throws<AttestationFormatException>(() => EatEvidence.Read(encoded)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ShortKid_Refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encoded = SignWithNetCose(key, HashAlgorithmName.SHA256, EatSamples.DeviceTrust().Encode(), kid: [1, 2, 3]);

        Assert.Contains("32 bytes, not 3", Assert.Throws<AttestationFormatException>(() => EatEvidence.Read(encoded)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UntaggedSign1_Refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var tagged = EatEvidence.Build(EatSamples.DeviceTrust(), key, new EatEvidenceOptions { CwtTag = false });

        var error = Assert.Throws<AttestationFormatException>(() => EatEvidence.Read(tagged[1..]));   // drop the 0xD2 head

        Assert.Contains("tagged COSE_Sign1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongType_Refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encoded = CoseSign1Signer.SignEs256(EatSamples.DeviceTrust().Encode(), key,
            new CoseSignOptions { KeyId = EatEvidence.KeyIdOf(key), Type = "application/eat+jwt" });

        Assert.Contains("typ \"application/eat+jwt\"", Assert.Throws<AttestationFormatException>(() => EatEvidence.Read(encoded)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TypeWithProfileParameter_Accepted()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encoded = CoseSign1Signer.SignEs256(EatSamples.DeviceTrust().Encode(), key, new CoseSignOptions
        {
            KeyId = EatEvidence.KeyIdOf(key),
            Type = $"application/eat+cwt; eat_profile=\"{DeviceTrustEatProfile.ProfileUri}\"",
        });

        Assert.True(EatEvidence.Read(encoded).VerifySignature(key));
    }

    [Fact]
    public void Read_DetachedPayload_Refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encoded = CoseSign1Signer.SignEs256(EatSamples.DeviceTrust().Encode(), key,
            new CoseSignOptions { KeyId = EatEvidence.KeyIdOf(key), DetachedPayload = true });

        Assert.Contains("detached", Assert.Throws<AttestationFormatException>(() => EatEvidence.Read(encoded)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PayloadNotAClaimsSet_RefusedWithClaimsSetPath()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encoded = CoseSign1Signer.SignEs256(EatSamples.OneClaim(EatClaimKeys.Nonce, w => w.WriteByteString([1])), key,
            new CoseSignOptions { KeyId = EatEvidence.KeyIdOf(key) });

        Assert.Equal("EAT claims-set/10 (eat_nonce)", Assert.Throws<AttestationFormatException>(() => EatEvidence.Read(encoded)).Where);
    }

    [Fact]
    public void Read_UnknownCriticalHeader_FormatErrorNotNotSupported()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var headers = new System.Security.Cryptography.Cose.CoseHeaderMap();
        headers.Add(new System.Security.Cryptography.Cose.CoseHeaderLabel(CoseHeaderLabels.Critical),
            System.Security.Cryptography.Cose.CoseHeaderValue.FromEncodedValue(EatSamples.Hex("81 19 0400")));
        headers.Add(new System.Security.Cryptography.Cose.CoseHeaderLabel(1024), System.Security.Cryptography.Cose.CoseHeaderValue.FromInt32(1));
        var encoded = SignWithNetCose(key, HashAlgorithmName.SHA256, EatSamples.DeviceTrust().Encode(), EatEvidence.KeyIdOf(key), headers);

        Assert.Throws<AttestationFormatException>(() => EatEvidence.Read(encoded));
    }

    [Fact]
    public void Read_TextKid_FormatError()
    {
        // 18([h'A10126', {4: "kid"}, payload, signature]): System.Security.Cryptography.Cose will not write a text kid.
        var writer = new CborWriter();
        writer.WriteTag((CborTag)CoseTags.Sign1);
        writer.WriteStartArray(4);
        writer.WriteByteString(EatSamples.Hex("A10126"));
        writer.WriteStartMap(1);
        writer.WriteInt32(CoseHeaderLabels.KeyId);
        writer.WriteTextString("kid");
        writer.WriteEndMap();
        writer.WriteByteString(EatSamples.DeviceTrust().Encode());
        writer.WriteByteString(new byte[64]);
        writer.WriteEndArray();
        var encoded = writer.Encode();

        Assert.Throws<AttestationFormatException>(() => EatToken.Decode(encoded).KeyId);
        Assert.Throws<AttestationFormatException>(() => EatEvidence.Read(encoded));
    }

    [Fact]
    public void Read_LargerThan64KiB_RefusedBeforeParsing()
    {
        var error = Assert.Throws<AttestationFormatException>(() => EatEvidence.Read(new byte[EatToken.MaxEncodedLength + 1]));

        Assert.Contains("larger than the 65536 bytes accepted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Garbage_FormatError() =>
        Assert.Throws<AttestationFormatException>(() => EatEvidence.Read(EatSamples.Hex("D83D 01")));

    private static byte[] SignWithNetCose(ECDsa key, HashAlgorithmName hash, byte[] payload, byte[]? kid,
        System.Security.Cryptography.Cose.CoseHeaderMap? protectedHeaders = null)
    {
        var unprotected = new System.Security.Cryptography.Cose.CoseHeaderMap();
        if (kid is not null)
            unprotected.Add(System.Security.Cryptography.Cose.CoseHeaderLabel.KeyIdentifier, System.Security.Cryptography.Cose.CoseHeaderValue.FromBytes(kid));
        var signer = new System.Security.Cryptography.Cose.CoseSigner(key, hash, protectedHeaders, unprotected);
        return System.Security.Cryptography.Cose.CoseSign1Message.SignEmbedded(payload, signer);
    }
}
