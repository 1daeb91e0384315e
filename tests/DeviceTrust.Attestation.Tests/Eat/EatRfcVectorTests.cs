using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Attestation.Tests.Eat;

/// <summary>The RFC examples in TestVectors/Eat (see PROVENANCE.md there for the source and what a pass means).</summary>
public sealed class EatRfcVectorTests
{
    private static string Vector(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestVectors", "Eat", name));

    private static byte[] Rfc9711A12() => EdnReader.ToCbor(Vector("rfc9711-a1-2-submods.diag"));

    [Fact]
    public void Rfc9711A12_AsPublished_RefusedForItsFifteenByteRandUeid()
    {
        var error = Assert.Throws<AttestationFormatException>(() => EatClaimsSet.Decode(Rfc9711A12()));

        Assert.Equal("EAT claims-set/256 (ueid)", error.Where);
        Assert.Contains("type 0x01 (Random) cannot have 15 bytes", error.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Rfc9711A12_WithoutItsUeid_EveryOtherClaimAsTheFigureShows()
    {
        var published = CborLabelledMap.Decode(Rfc9711A12(), "A.1.2");
        var withoutUeid = new DeterministicMapWriter();
        foreach (var label in published.Labels.Where(label => label != EatClaimKeys.Ueid))
        {
            published.TryGetEncodedValue(label, out var value);
            withoutUeid.AddEncoded(label, value.Span);
        }

        var claims = EatClaimsSet.Decode(withoutUeid.Encode());

        Assert.Equal(EatSamples.Hex("e253cabedc9eec24ac4e25bcbeaf7765"), Assert.Single(claims.Nonce!));
        Assert.Equal(EatSamples.Hex("894823"), claims.OemId!.Bytes);
        Assert.Equal(EatSamples.Hex("549dcecc8b987c737b44e40f7c635ce8"), claims.HardwareModel);
        Assert.Equal(new EatVersion("1.3.4", 1), claims.HardwareVersion);
        Assert.Equal("Acme OS", claims.SoftwareName);
        Assert.Equal(new EatVersion("3.5.5", 1), claims.SoftwareVersion);
        Assert.True(claims.OemBoot);
        Assert.Equal(EatDebugStatus.DisabledPermanently, claims.DebugStatus);
        Assert.Equal(1526542894, claims.IssuedAt!.Value.Seconds);
        var board = Assert.IsType<EatClaimsSubmodule>(claims.Submodules!["board"]).Claims;
        Assert.Equal(EatSamples.Hex("9bef8787eba13e2c8f6e7cb4b1f4619a"), board.OemId!.Bytes);
        Assert.Equal(EatSamples.Hex("ee80f5a66c1fb9742999a8fdab930893"), board.HardwareModel);
        Assert.Equal(new EatVersion("2.0a", 2), board.HardwareVersion);
        var device = Assert.IsType<EatClaimsSubmodule>(claims.Submodules["device"]).Claims;
        Assert.Equal(61234, device.OemId!.PrivateEnterpriseNumber);
        Assert.Equal(new EatVersion("4.0", 1), device.HardwareVersion);
        Assert.Empty(claims.OtherClaims);
    }

    [Fact]
    public void Rfc8392A3_SignedCwt_DecodesItsClaims_ReencodesThemByteForByte_AndVerifies()
    {
        using var json = JsonDocument.Parse(Vector("rfc8392-a3-signed-cwt.json"));
        var encoded = Convert.FromHexString(json.RootElement.GetProperty("output").GetProperty("cbor").GetString()!);
        var plaintext = Convert.FromHexString(json.RootElement.GetProperty("input").GetProperty("plaintext_hex").GetString()!);
        var jwk = json.RootElement.GetProperty("input").GetProperty("sign0").GetProperty("key");
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Convert.FromHexString(jwk.GetProperty("x_hex").GetString()!), Y = Convert.FromHexString(jwk.GetProperty("y_hex").GetString()!) },
        });

        var token = EatToken.Decode(encoded);

        var claims = token.Claims;
        Assert.Equal("coap://as.example.com", claims.Issuer);
        Assert.Equal("erikw", claims.Subject);
        Assert.Equal(["coap://light.example.com"], claims.Audience!);
        Assert.Equal(1444064944, claims.Expiration!.Value.Seconds);
        Assert.Equal(1443944944, claims.NotBefore!.Value.Seconds);
        Assert.Equal(1443944944, claims.IssuedAt!.Value.Seconds);
        Assert.Equal(EatSamples.Hex("0b71"), claims.CwtId);
        Assert.Equal(plaintext, claims.Encode());
        Assert.True(token.VerifySignature(key));
        Assert.Contains("kid (4) is missing", Assert.Throws<AttestationFormatException>(() => EatEvidence.Read(encoded)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EdnReader_SmallExample_MatchesHandEncoding() =>
        Assert.Equal(EatSamples.Hex("A3 0A 42 0102 19010A A1 61 61 F5 06 C1 1A5AFD322E"),
            EdnReader.ToCbor("{ / nonce / 10: h'01 02', 266: {\"a\": true}, 6: 1(1526542894) }"));
}
