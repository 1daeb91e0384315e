using System.Security.Cryptography;
using System.Text.Json;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Testing;

namespace DeviceTrust.Attestation.Tests.Eat;

/// <summary>
/// Vendor evidence (COSE_Mac0, HMAC 256/256) against Debian's Python cbor2 with the standard library's hmac and hashlib,
/// an implementation we did not write: a token MACed there reads and verifies here, and ours verifies there over the
/// MAC_structure of RFC 9052 §6.3.
/// </summary>
public sealed class VendorEvidencePythonInteropTests
{
    // Python values as JSON: bytes as "h'..'", map keys as strings, tags as {"tag": n, "value": v}.
    private const string Normalize = """
        import sys, json, cbor2, hashlib, hmac
        def norm(v):
            if isinstance(v, bytes): return "h'" + v.hex() + "'"
            if isinstance(v, dict): return {str(k): norm(x) for k, x in v.items()}
            if isinstance(v, list): return [norm(x) for x in v]
            if isinstance(v, cbor2.CBORTag): return {"tag": v.tag, "value": norm(v.value)}
            return v
        """;

    [Fact]
    public void Read_EvidenceMacedInPython_DecodesTheClaims_AndTheTagVerifiesWithTheSameKey()
    {
        using var python = JsonDocument.Parse(DebianPython.Run("""
            import json, cbor2, hashlib, hmac, os, uuid
            key = os.urandom(32)
            kid = os.urandom(16)
            claims = {
                265: "tag:devicetrust.dev,2026:eat/v1",
                10: bytes.fromhex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"),
                256: b"\x01" + bytes(range(16)),
                259: uuid.UUID("1492af14-2569-5e48-bf42-9b2d51f2ab45").bytes,
                263: 2,
                6: 1765000000,
                266: {"modem": {270: "modem", 271: ["5.1.9", 1], -70001: [-16, hashlib.sha256(b"modem image").digest()]}},
            }
            payload = cbor2.dumps(claims)   # insertion order, not sorted: the profile accepts any valid CBOR
            protected = cbor2.dumps({1: 5, 16: "application/eat+cwt"})
            mac_structure = cbor2.dumps(["MAC0", protected, b"", payload])
            tag = hmac.new(key, mac_structure, hashlib.sha256).digest()
            token = cbor2.dumps(cbor2.CBORTag(61, cbor2.CBORTag(17, [protected, {4: kid}, payload, tag])))
            print(json.dumps({"key": key.hex(), "kid": kid.hex(), "token": token.hex()}))
            """));
        var key = Convert.FromHexString(python.RootElement.GetProperty("key").GetString()!);
        var kid = Convert.FromHexString(python.RootElement.GetProperty("kid").GetString()!);
        var encoded = Convert.FromHexString(python.RootElement.GetProperty("token").GetString()!);
        var secret = CoseSymmetricKey.FromBytes(key, kid, CoseAlgorithms.HMAC256_256);

        Assert.True(VendorEvidence.IsMacEnvelope(encoded));
        var token = VendorEvidence.Read(encoded);

        Assert.True(token.VerifyTag(secret));
        Assert.Equal(kid, token.KeyId);
        Assert.True(token.Message.IsCwtTagged);
        Assert.Equal(DeviceTrustEatProfile.MediaType, token.Message.ProtectedHeaders.GetText(CoseHeaderLabels.Type));
        var claims = token.Claims;
        Assert.Equal(new long?[] { 265, 10, 256, 259, 263, 6, 266 }, token.ClaimLabels.Select(label => label.Integer));
        Assert.Equal(DeviceTrustEatProfile.ProfileUri, claims.Profile!.Uri);
        Assert.Equal([EatSamples.Hex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")], claims.Nonce!);
        Assert.Equal(EatSamples.Hex("01 000102030405060708090a0b0c0d0e0f"), claims.Ueid);
        Assert.Equal(EatSamples.ClassId, RfcUuid.FromBytes(claims.HardwareModel));
        Assert.Equal(EatDebugStatus.DisabledSinceBoot, claims.DebugStatus);
        Assert.Equal(1_765_000_000, claims.IssuedAt!.Value.Seconds);
        var modem = Assert.IsType<EatClaimsSubmodule>(Assert.Single(claims.Submodules!, s => s.Key == "modem").Value).Claims;
        Assert.Equal("modem", modem.SoftwareName);
        Assert.Equal(new EatVersion("5.1.9", 1), modem.SoftwareVersion);
        Assert.Equal(SHA256.HashData("modem image"u8), DeviceTrustEatProfile.ImageDigestOf(modem)!.Value);
        var check = DeviceTrustEatProfile.Check(claims);
        Assert.True(check.Conforms, check.ToString());

        var otherKey = (byte[])key.Clone();
        otherKey[0] ^= 0x01;
        Assert.False(token.VerifyTag(CoseSymmetricKey.FromBytes(otherKey, kid, CoseAlgorithms.HMAC256_256)));
        encoded[^1] ^= 0x01;   // last byte of the MAC tag
        Assert.False(VendorEvidence.Read(encoded).VerifyTag(secret));
    }

    [Fact]
    public void Build_EvidenceCheckedInPython_TagRecomputedOverItsOwnMacStructure_ClaimsAsBuilt()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var kid = RandomNumberGenerator.GetBytes(16);
        var encoded = VendorEvidence.Build(EatSamples.DeviceTrust(), CoseSymmetricKey.FromBytes(key, kid, CoseAlgorithms.HMAC256_256));

        var output = DebianPython.Run(Normalize + "\n" + """
            key_hex, token_hex = sys.stdin.read().split()
            key = bytes.fromhex(key_hex)
            outer = cbor2.loads(bytes.fromhex(token_hex))
            inner = outer.value
            protected, unprotected, payload, tag = inner.value
            mac_structure = cbor2.dumps(["MAC0", protected, b"", payload])
            expected = hmac.new(key, mac_structure, hashlib.sha256).digest()
            wrong = hmac.new(bytes([key[0] ^ 1]) + key[1:], mac_structure, hashlib.sha256).digest()
            print(json.dumps({
                "tags": [outer.tag, inner.tag],
                "protected": norm(cbor2.loads(protected)),
                "unprotected": norm(unprotected),
                "tag_ok": hmac.compare_digest(expected, tag),
                "wrong_key_ok": hmac.compare_digest(wrong, tag),
                "claims": norm(cbor2.loads(payload)),
            }))
            """, $"{Convert.ToHexString(key)}\n{Convert.ToHexString(encoded)}");

        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal([61, 17], root.GetProperty("tags").EnumerateArray().Select(t => t.GetInt32()));
        Assert.Equal("""{"1": 5, "16": "application/eat+cwt"}""", root.GetProperty("protected").GetRawText());
        Assert.Equal($$"""{"4": "h'{{Convert.ToHexString(kid).ToLowerInvariant()}}'"}""", root.GetProperty("unprotected").GetRawText());
        Assert.True(root.GetProperty("tag_ok").GetBoolean(), "Python's HMAC-SHA256 over the MAC_structure differs from our tag");
        Assert.False(root.GetProperty("wrong_key_ok").GetBoolean());
        var claims = root.GetProperty("claims");
        Assert.Equal(
            ["6", "10", "256", "259", "263", "265", "266", "267"],
            claims.EnumerateObject().Select(p => p.Name));
        Assert.Equal(DeviceTrustEatProfile.ProfileUri, claims.GetProperty("265").GetString());
        Assert.Equal("h'948f8860d13a463e8e'", claims.GetProperty("10").GetString());
        Assert.Equal("h'0198f50a4ff6c05861c8860d13a638ea00'", claims.GetProperty("256").GetString());
        Assert.Equal("h'1492af1425695e48bf429b2d51f2ab45'", claims.GetProperty("259").GetString());
        Assert.Equal(3, claims.GetProperty("263").GetInt32());
        Assert.Equal(1_765_000_000, claims.GetProperty("6").GetInt64());
        Assert.Equal(7, claims.GetProperty("267").GetInt32());
        var digest = $"h'{Convert.ToHexString(EatSamples.ImageDigest).ToLowerInvariant()}'";
        Assert.Equal(
            $$"""{"270": "bootloader", "271": ["1.0.2", 1], "-70001": [-16, "{{digest}}"]}""",
            claims.GetProperty("266").GetProperty("bootloader").GetRawText());
        Assert.Equal(
            $$"""{"270": "app", "271": ["4.2.0", 1], "-70001": [-16, "{{digest}}"]}""",
            claims.GetProperty("266").GetProperty("app").GetRawText());
    }
}
