using System.Security.Cryptography;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;

namespace DeviceTrust.Attestation.Tests.Eat;

/// <summary>The three forms of a submodule (RFC 9711 §4.2.18): claims-set, nested token, detached digest.</summary>
public sealed class EatSubmoduleTests
{
    [Fact]
    public void Decode_AllThreeForms_TypedAndWrittenBackUnchanged()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var nested = EatEvidence.Build(EatSamples.DeviceTrust(), key);
        const string jwt = "eyJhbGciOiJub25lIn0.eyJlYXRfbm9uY2UiOiJBQUFBQUFBQUFBQSJ9.";   // {"alg":"none"}.{"eat_nonce":"AAAAAAAAAAA"}
        var claims = new EatClaimsSet
        {
            Submodules = new Dictionary<string, EatSubmodule>
            {
                ["inline"] = new EatClaimsSubmodule(new EatClaimsSet { SoftwareName = "os" }),
                ["tee"] = new EatNestedCborToken(nested),
                ["web"] = new EatNestedJsonToken(jwt),
                ["deb"] = new EatDetachedDigest(new EatDigest(CoseAlgorithms.Sha256, new byte[32])),
                ["deb-text"] = new EatDetachedDigest(new EatDigest(CoseLabel.Of("sha-256"), new byte[32])),
            },
        };
        var encoded = claims.Encode();

        var submodules = EatClaimsSet.Decode(encoded).Submodules!;

        Assert.Equal("os", Assert.IsType<EatClaimsSubmodule>(submodules["inline"]).Claims.SoftwareName);
        var token = Assert.IsType<EatNestedCborToken>(submodules["tee"]);
        Assert.Equal(nested, token.Token);
        Assert.True(token.DecodeToken().VerifySignature(key));
        Assert.Equal(EatSamples.Nonce, Assert.Single(token.DecodeToken().Claims.Nonce!));
        Assert.Equal("AAAAAAAAAAA", Assert.IsType<EatNestedJsonToken>(submodules["web"]).DecodeToken().GetClaim("eat_nonce").Value);
        var digest = Assert.IsType<EatDetachedDigest>(submodules["deb"]).Digest;
        Assert.Equal((CoseLabel)CoseAlgorithms.Sha256, digest.Algorithm);
        Assert.Equal(new byte[32], digest.Value);
        Assert.Equal(CoseLabel.Of("sha-256"), Assert.IsType<EatDetachedDigest>(submodules["deb-text"]).Digest.Algorithm);
        Assert.Equal(encoded, EatClaimsSet.Decode(encoded).Encode());
    }

    [Fact]
    public void Decode_NestedTokenThatIsNotAToken_KeptAsBytes_RefusedOnlyWhenDecoded()
    {
        var claims = EatClaimsSet.Decode(EatSamples.Hex("A1 19010A A1 61 61 43 010203"));

        var token = Assert.IsType<EatNestedCborToken>(claims.Submodules!["a"]);

        Assert.Equal(new byte[] { 1, 2, 3 }, token.Token);
        Assert.Throws<AttestationFormatException>(() => token.DecodeToken());
    }

    [Fact]
    public void DecodeToken_JsonTokenThatIsNotAJwt_FormatError()
    {
        var claims = EatClaimsSet.Decode(EatSamples.Hex("A1 19010A A1 61 61 63 616263"));

        Assert.Throws<AttestationFormatException>(() => Assert.IsType<EatNestedJsonToken>(claims.Submodules!["a"]).DecodeToken());
    }

    [Fact]
    public void Decode_ErrorInsideANestedClaimsSet_NamesTheSubmodulePath()
    {
        var error = Assert.Throws<AttestationFormatException>(() =>
            EatClaimsSet.Decode(EatSamples.Hex("A1 19010A A1 62 6677 A1 19010F 81 01")));   // {266: {"fw": {271: [1]}}}

        Assert.Equal("EAT claims-set/submods/fw/271 (swversion)/0", error.Where);
    }
}
