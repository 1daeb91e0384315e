using System.Security.Cryptography;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Attestation.Tests.Eat;

/// <summary>
/// The claims-set is decoded in one pass, each claim as its label comes, from the strict reader of the whole payload:
/// strictness holds in values read, values kept undecoded and nested claims-sets alike, and the token keeps what the
/// appraisal needs (the claim labels as received, the kid) from that one decode.
/// </summary>
public sealed class EatOnePassDecodeTests
{
    [Fact]
    public void Decode_EveryTruncation_ThrowsAttestationFormatException()
    {
        var encoded = EatSamples.Full().Encode();

        for (var length = 0; length < encoded.Length; length++)
            Assert.Throws<AttestationFormatException>(() => EatClaimsSet.Decode(encoded.AsMemory(0, length)));
    }

    [Fact]
    public void Decode_InvalidUtf8InAClaimKeptUndecoded_ThrowsAtThatClaim()
    {
        // {-80000: "\xFF"}: the private claim is kept as its bytes, and checked by the strict rules as they are taken.
        var error = Assert.Throws<AttestationFormatException>(() => EatClaimsSet.Decode(EatSamples.Hex("A1 3A 0001387F 61 FF")));

        Assert.Equal("EAT claims-set/-80000", error.Where);
    }

    [Fact]
    public void Decode_RepeatedKeyInsideAClaimKeptUndecoded_Throws() =>
        // {-80000: {1: 0, 1: 1}}
        Assert.Throws<AttestationFormatException>(() => EatClaimsSet.Decode(EatSamples.Hex("A1 3A 0001387F A2 01 00 01 01")));

    [Fact]
    public void Decode_InvalidUtf8InAComponentsClaim_ThrowsAtThatClaim()
    {
        // {submods: {"fw": {swname: "\xFF"}}}
        var error = Assert.Throws<AttestationFormatException>(() => EatClaimsSet.Decode(EatSamples.Hex("A1 19010A A1 62 6677 A1 19010E 61 FF")));

        Assert.Equal("EAT claims-set/submods/fw/270 (swname)", error.Where);
    }

    [Fact]
    public void Decode_ComponentLabelRepeatedByValue_ThrowsNamingIt()
    {
        // {submods: {"fw": {swname: "a", swname written with a longer head: "b"}}}: 270 as 0x19010E and 0x1A0000010E.
        var error = Assert.Throws<AttestationFormatException>(() =>
            EatClaimsSet.Decode(EatSamples.Hex("A1 19010A A1 62 6677 A2 19010E 61 61 1A0000010E 61 62")));

        Assert.Equal("EAT claims-set/submods/fw", error.Where);
        Assert.Contains("duplicate label 270", error.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NoUnmodelledClaims_OtherClaimsEmpty() =>
        Assert.Empty(EatClaimsSet.Decode(EatSamples.DeviceTrust().Encode()).OtherClaims);

    [Fact]
    public void Decode_ComponentsKeepTheirOwnUnmodelledClaims()
    {
        var claims = EatClaimsSet.Decode(EatSamples.DeviceTrust().Encode());

        var app = Assert.IsType<EatClaimsSubmodule>(claims.Submodules!["app"]).Claims;
        Assert.Equal([(CoseLabel)EatClaimKeys.DeviceTrustImageDigest], app.OtherClaims.Keys);
        Assert.Equal(EatSamples.ImageDigest, DeviceTrustEatProfile.ImageDigestOf(app)!.Value);
    }

    [Fact]
    public void Read_ClaimLabels_EveryTopLevelClaimAsReceivedModelledOrNot()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = EatToken.Decode(EatEvidence.Build(EatSamples.Full(), key));

        Assert.Equal(CborLabelledMap.Decode(token.Message.Payload!.Value, "claims").Labels, token.ClaimLabels);
        Assert.Contains((CoseLabel)(-80000), token.ClaimLabels);
        Assert.Contains((CoseLabel)EatClaimKeys.Submodules, token.ClaimLabels);
        // Only the top level: swname is in the submodule and at the top, swversion of the submodule's 2.0.1 is not counted twice.
        Assert.Single(token.ClaimLabels, label => label == EatClaimKeys.SoftwareVersion);
    }

    [Fact]
    public void Decode_WithoutKid_KeyIdNull()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var token = EatToken.Decode(CoseSign1Signer.SignEs256(EatSamples.DeviceTrust().Encode(), key));

        Assert.Null(token.KeyId);
        Assert.Throws<AttestationFormatException>(() => EatEvidence.Read(CoseSign1Signer.SignEs256(EatSamples.DeviceTrust().Encode(), key)));
    }

    [Fact]
    public void Decode_KidInTheProtectedHeader_IsTheKeyId()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var kid = EatEvidence.KeyIdOf(key);
        // 18([<< {alg: ES256, kid: h'..'} >>, {}, << {} >>, h'']): kid in the protected bucket, where RFC 9052 §3.1 allows
        // it too. Decoding does not check the (empty) signature.
        var message = EatSamples.Hex($"D2 84 5826 A2 01 26 04 5820 {Convert.ToHexString(kid)} A0 41 A0 40");

        Assert.Equal(kid, EatToken.Decode(message).KeyId);
    }
}
