using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Testing;

namespace DeviceTrust.Attestation.Tests.Eat;

/// <summary>
/// Our claims-sets and evidence against Debian's Python cbor2 and cryptography, an implementation we did not write:
/// what we encode decodes there to the expected values, and what it encodes (and signs) decodes and verifies here.
/// </summary>
public sealed class EatPythonInteropTests
{
    // Python values as JSON: bytes as "h'..'", map keys as strings, tags as {"tag": n, "value": v}.
    private const string Normalize = """
        import sys, json, cbor2
        def norm(v):
            if isinstance(v, bytes): return "h'" + v.hex() + "'"
            if isinstance(v, dict): return {str(k): norm(x) for k, x in v.items()}
            if isinstance(v, list): return [norm(x) for x in v]
            if isinstance(v, cbor2.CBORTag): return {"tag": v.tag, "value": norm(v.value)}
            return v
        """;

    [Fact]
    public void Encode_FullClaimsSet_Cbor2DecodesToTheExpectedValues_AndReencodesCanonicallyToTheSameBytes()
    {
        var encoded = EatSamples.Full().Encode();

        var output = DebianPython.RunWithHex(Normalize + "\n" + """
            data = bytes.fromhex(sys.stdin.read())
            obj = cbor2.loads(data)
            print(json.dumps({"claims": norm(obj), "same": cbor2.dumps(obj, canonical=True) == data}))
            """, encoded);

        using var json = JsonDocument.Parse(output);
        var claims = json.RootElement.GetProperty("claims");
        Assert.Equal("joe_attester.example.com", claims.GetProperty("1").GetString());
        Assert.Equal(["verifier-a", "verifier-b"], claims.GetProperty("3").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1_800_000_000, claims.GetProperty("4").GetInt64());
        Assert.Equal(1_700_000_000.5, claims.GetProperty("5").GetDouble());
        Assert.Equal("h'948f8860d13a463e8e'", claims.GetProperty("10")[0].GetString());
        Assert.Equal("h'0198f50a4ff6c05861c8860d13a638ea00'", claims.GetProperty("256").GetString());
        Assert.Equal("h'1492af1425695e48bf429b2d51f2ab45'", claims.GetProperty("259").GetString());
        Assert.Equal("1.3.4", claims.GetProperty("260")[0].GetString());
        Assert.Equal(1, claims.GetProperty("260")[1].GetInt32());
        Assert.True(claims.GetProperty("262").GetBoolean());
        Assert.Equal(3, claims.GetProperty("263").GetInt32());
        Assert.Equal(48.858, claims.GetProperty("264").GetProperty("1").GetDouble());
        Assert.Equal(35, claims.GetProperty("264").GetProperty("3").GetInt32());
        Assert.Equal("tag:devicetrust.dev,2026:eat/v1", claims.GetProperty("265").GetString());
        Assert.Equal("2.0.1", claims.GetProperty("266").GetProperty("fw").GetProperty("271")[0].GetString());
        Assert.Equal("Trustus", claims.GetProperty("274")[0][0].GetString());
        Assert.Equal(5, claims.GetProperty("275").GetInt32());
        Assert.Equal("private", claims.GetProperty("-80000").GetString());
        Assert.True(json.RootElement.GetProperty("same").GetBoolean(), "cbor2's canonical encoding of the same values differs from ours");
    }

    [Fact]
    public void Decode_ClaimsSetBuiltByCbor2Canonical_TypedValues()
    {
        var hex = DebianPython.Run("""
            import cbor2
            claims = {
                1: "iss.example", 3: "aud.example", 4: 1900000000, 6: 1700000000.25, 7: b"\x0b\x71",
                10: [b"\x01" * 8, b"\x02" * 64], 256: bytes.fromhex("0198f50a4ff6c05861c8860d13a638ea00"),
                257: {"tls": bytes.fromhex("02001122334455")}, 258: 64242, 259: b"\x54\x9d",
                260: ["1.0", 1], 261: 86400, 262: False, 263: 0,
                264: {1: -33.8688, 2: 151.2093, 8: 1700000000, 9: 10},
                265: bytes.fromhex("2b0601040182371501"),
                266: {"os": {270: "Zephyr", 271: ["3.7.0", 16384]}, "tee": b"\xd2\x84\x40\xa0\x40\x40", "deb": [-16, b"\x00" * 32]},
                267: 2, 268: b"\x07" * 32, 269: [["https://dloa.example", "plat"]],
                272: [[258, b"\xa0"]], 273: [[259, b"\xa1\x01\x02"]], 274: [["verifier", [[b"\x01", 2]]]], 275: 2,
                -70001: [-16, b"\x11" * 32], "x-private": {"nested": [1, 2.5, None]},
            }
            print(cbor2.dumps(claims, canonical=True).hex())
            """).Trim();

        var claims = EatClaimsSet.Decode(Convert.FromHexString(hex));

        Assert.Equal("iss.example", claims.Issuer);
        Assert.Equal(["aud.example"], claims.Audience!);
        Assert.Equal(1_900_000_000, claims.Expiration!.Value.Seconds);
        Assert.Equal(1_700_000_000.25, claims.IssuedAt!.Value.FractionalSeconds);
        Assert.Equal([0x0b, 0x71], claims.CwtId);
        Assert.Equal(2, claims.Nonce!.Count);
        Assert.Equal(64, claims.Nonce[1].Length);
        Assert.Equal(EatUeidType.Random, (EatUeidType)claims.Ueid![0]);
        Assert.Equal(EatSamples.Hex("02001122334455"), claims.Sueids!["tls"]);
        Assert.Equal(64242, claims.OemId!.PrivateEnterpriseNumber);
        Assert.Equal([0x54, 0x9d], claims.HardwareModel);
        Assert.Equal(new EatVersion("1.0", 1), claims.HardwareVersion);
        Assert.Equal(86400ul, claims.Uptime);
        Assert.False(claims.OemBoot);
        Assert.Equal(EatDebugStatus.Enabled, claims.DebugStatus);
        Assert.Equal(new EatLocation(-33.8688, 151.2093) { Timestamp = 1_700_000_000, Age = 10 }, claims.Location);
        Assert.Equal(EatSamples.Hex("2b0601040182371501"), claims.Profile!.Oid);
        Assert.Equal(new EatVersion("3.7.0", 16384), Assert.IsType<EatClaimsSubmodule>(claims.Submodules!["os"]).Claims.SoftwareVersion);
        Assert.Equal(EatSamples.Hex("d28440a04040"), Assert.IsType<EatNestedCborToken>(claims.Submodules["tee"]).Token);
        Assert.Equal((CoseLabel)(-16), Assert.IsType<EatDetachedDigest>(claims.Submodules["deb"]).Digest.Algorithm);
        Assert.Equal(2ul, claims.BootCount);
        Assert.Equal(32, claims.BootSeed!.Length);
        Assert.Equal(new EatDloa("https://dloa.example", "plat"), Assert.Single(claims.Dloas!));
        Assert.Equal(258ul, Assert.Single(claims.Manifests!).ContentFormat);
        Assert.Equal(EatSamples.Hex("a10102"), Assert.Single(claims.Measurements!).Content);
        Assert.Equal(EatComparisonResult.Fail, Assert.Single(Assert.Single(claims.MeasurementResults!).Results).Result);
        Assert.Equal(EatIntendedUse.Registration, claims.IntendedUse);
        Assert.Equal(EatSamples.Hex("a1 666e6573746564 83 01 f94100 f6"), claims.OtherClaims[CoseLabel.Of("x-private")].ToArray());
        Assert.Equal(32, DeviceTrustEatProfile.ImageDigestOf(claims)!.Value.Length);
    }

    [Fact]
    public void Read_EvidenceSignedInPython_DecodesVerifiesAndFollowsTheProfile()
    {
        var lines = DebianPython.Run("""
            import cbor2, hashlib, uuid
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import ec
            from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

            key = ec.generate_private_key(ec.SECP256R1())
            spki = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
            component = lambda name, version, digest: {270: name, 271: [version, 1], -70001: [-16, digest]}
            claims = {
                265: "tag:devicetrust.dev,2026:eat/v1",
                10: bytes.fromhex("00112233445566778899aabbccddeeff"),
                256: b"\x01" + bytes(range(16)),
                259: uuid.UUID("1492af14-2569-5e48-bf42-9b2d51f2ab45").bytes,
                263: 3,
                6: 1765000000,
                258: bytes.fromhex("894823"),
                267: 7,
                261: 3600,
                266: {"bootloader": component("bootloader", "1.0.2", hashlib.sha256(b"bootloader image").digest()),
                      "app": component("app", "4.2.0", hashlib.sha256(b"app image").digest())},
            }
            payload = cbor2.dumps(claims, canonical=True)
            protected = cbor2.dumps({1: -7})
            to_be_signed = cbor2.dumps(["Signature1", protected, b"", payload])
            r, s = decode_dss_signature(key.sign(to_be_signed, ec.ECDSA(hashes.SHA256())))
            signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
            message = [protected, {4: hashlib.sha256(spki).digest()}, payload, signature]
            print(spki.hex())
            print(cbor2.dumps(cbor2.CBORTag(61, cbor2.CBORTag(18, message))).hex())
            """).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(Convert.FromHexString(lines[0]), out _);
        var encoded = Convert.FromHexString(lines[1]);

        var token = EatEvidence.Read(encoded);

        Assert.True(token.Message.IsCwtTagged);
        Assert.True(token.VerifySignature(publicKey));
        Assert.True(EatEvidence.KeyIdMatches(token, publicKey));
        var check = DeviceTrustEatProfile.Check(token.Claims);
        Assert.True(check.Conforms, check.ToString());
        Assert.Equal(EatSamples.ClassId, RfcUuid.FromBytes(token.Claims.HardwareModel));
        Assert.Equal(EatDebugStatus.DisabledPermanently, token.Claims.DebugStatus);
        Assert.Equal(3600ul, token.Claims.Uptime);
        var app = Assert.IsType<EatClaimsSubmodule>(token.Claims.Submodules!["app"]).Claims;
        Assert.Equal(new EatVersion("4.2.0", 1), app.SoftwareVersion);
        Assert.Equal(SHA256.HashData("app image"u8), DeviceTrustEatProfile.ImageDigestOf(app)!.Value);

        encoded[^1] ^= 0x01;   // last byte of the signature
        Assert.False(EatEvidence.Read(encoded).VerifySignature(publicKey));
    }

    [Fact]
    public void Build_EvidenceVerifiedInPython_OverTheSigStructure()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encoded = EatEvidence.Build(EatSamples.DeviceTrust(), key);
        var input = $"{Convert.ToHexString(key.ExportSubjectPublicKeyInfo())}\n{Convert.ToHexString(encoded)}";

        var output = DebianPython.Run("""
            import sys, cbor2, hashlib
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import ec
            from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
            spki_hex, token_hex = sys.stdin.read().split()
            spki = bytes.fromhex(spki_hex)
            outer = cbor2.loads(bytes.fromhex(token_hex))
            protected, unprotected, payload, signature = outer.value.value
            key = serialization.load_der_public_key(spki)
            to_be_signed = cbor2.dumps(["Signature1", protected, b"", payload])
            der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
            key.verify(der, to_be_signed, ec.ECDSA(hashes.SHA256()))
            claims = cbor2.loads(payload)
            print(outer.tag, outer.value.tag, cbor2.loads(protected)[1], unprotected[4] == hashlib.sha256(spki).digest(), claims[265])
            """, input).Trim();

        Assert.Equal("61 18 -7 True tag:devicetrust.dev,2026:eat/v1", output);
    }
}
