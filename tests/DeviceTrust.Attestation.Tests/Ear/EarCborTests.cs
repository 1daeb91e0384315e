using DeviceTrust.Attestation.Ear;
using DeviceTrust.Testing;

namespace DeviceTrust.Attestation.Tests.Ear;

public class EarCborTests
{
    [Fact]
    public void Decode_EncodedResult_RoundTripsByteExact()
    {
        var result = EarSamples.Full("policy:psa");
        var encoded = EarCbor.Encode(result);
        var decoded = EarCbor.Decode(encoded);
        EarJsonTests.AssertSame(result, decoded);
        Assert.Equal(encoded, EarCbor.Encode(decoded));
    }

    [Fact]
    public void Encode_Draft03_PolicyIdsAreAnArray()
    {
        var result = EarSamples.Full("policy:first", "policy:second");
        var decoded = EarCbor.Decode(EarCbor.Encode(result, EarClaimNames.Draft03), EarClaimNames.Draft03);
        Assert.Equal(["policy:first", "policy:second"], decoded.Submods["device"].AppraisalPolicyIds);
    }

    [Fact]
    public void Encode_Cbor2ReadsTheIntegerKeysAndValues()
    {
        var seen = DebianPython.RunWithHex("""
            import sys, json, cbor2
            data = bytes.fromhex(sys.stdin.read())
            ear = cbor2.loads(data)
            # Deterministic encoding (RFC 8949 §4.2.1): cbor2's canonical re-encoding is the same bytes.
            assert cbor2.dumps(ear, canonical=True) == data, "not deterministic"
            def plain(v):
                if isinstance(v, bytes): return "h'" + v.hex() + "'"
                if isinstance(v, dict): return {str(k): plain(x) for k, x in v.items()}
                if isinstance(v, list): return [plain(x) for x in v]
                return v
            print(json.dumps({"keys": sorted(ear.keys()), "ear": plain(ear)}, sort_keys=True))
            """, EarCbor.Encode(EarSamples.Full("policy:psa")));

        var nonceHex = Convert.ToHexStringLower(EarSamples.Nonce);
        Assert.Equal(
            "{\"ear\": {\"10\": \"h'" + nonceHex + "'\", \"1002\": \"h'deadbeefff'\", " +
            "\"1004\": {\"0\": \"https://devicetrust.example\", \"1\": \"devicetrust-verifier 0.1.0\"}, " +
            "\"265\": \"tag:github.com,2023:veraison/ear\", " +
            "\"266\": {\"bare\": {\"1000\": 0}, " +
            "\"device\": {\"1000\": 96, \"1001\": {\"0\": 2, \"2\": 33, \"4\": 2, \"6\": -128}, \"1003\": \"policy:psa\"}, " +
            "\"tpm\": {\"1000\": 2, \"1001\": {\"1\": 2}}}, " +
            "\"6\": 1765000000}, \"keys\": [6, 10, 265, 266, 1002, 1004]}",
            seen);
    }

    [Fact]
    public void Decode_Cbor2Encoded_IsRead()
    {
        var hex = DebianPython.Run("""
            import cbor2
            print(cbor2.dumps({265: "tag:github.com,2023:veraison/ear", 6: 1666091373,
                1004: {0: "Acme Inc.", 1: "rrtrap-v1.0.0"}, 1002: bytes.fromhex("deadbeef"),
                266: {"test": {1000: 32, 1001: {2: 33, 4: 2}, 1003: "policy://test"}}}).hex())
            """).Trim();
        var ear = EarCbor.Decode(Convert.FromHexString(hex));
        Assert.Equal(TrustTier.Warning, ear.Submods["test"].Status);
        Assert.Equal((sbyte)33, ear.Submods["test"].Vector![TrustworthinessClaim.Executables]);
        Assert.Equal("policy://test", ear.Submods["test"].AppraisalPolicyIds.Single());
        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe, 0xef }, ear.RawEvidence!.Value.ToArray());
        Assert.Equal(new VerifierId("Acme Inc.", "rrtrap-v1.0.0"), ear.VerifierId);
    }

    [Theory]
    [InlineData("a0", "EAR")]                                                                   // {}: no eat_profile
    [InlineData("a1190109636e6f70", "EAR/265")]                                                 // wrong profile "nop"
    [InlineData("80", "EAR")]                                                                   // []
    public void Decode_NotAnEar_IsRefused(string hex, string where)
    {
        var e = Assert.Throws<AttestationFormatException>(() => EarCbor.Decode(Convert.FromHexString(hex)));
        Assert.Equal(where, e.Where);
    }

    [Fact]
    public void Decode_TrailingByte_IsRefused()
    {
        var encoded = EarCbor.Encode(EarSamples.Full());
        Assert.Throws<AttestationFormatException>(() => EarCbor.Decode([.. encoded, 0x00]));
    }

    [Theory]
    [InlineData("1000: 3", "EAR/submods/\"test\"/ear.status")]
    [InlineData("1001: {8: 2}", "EAR/submods/\"test\"/ear.trustworthiness-vector")]
    [InlineData("1001: {2: 200}", "EAR/submods/\"test\"/ear.trustworthiness-vector/2")]
    [InlineData("1001: {}", "EAR/submods/\"test\"/ear.trustworthiness-vector")]
    [InlineData("1003: [\"p\"]", "EAR/submods/\"test\"/ear.appraisal-policy-id")]
    public void Decode_MalformedAppraisal_IsRefusedWithItsPath(string member, string where)
    {
        var hex = DebianPython.Run("""
            import cbor2
            appraisal = {1000: 2}
            appraisal.update({MEMBER})
            print(cbor2.dumps({265: "tag:github.com,2023:veraison/ear", 6: 1, 1004: {0: "d", 1: "b"},
                266: {"test": appraisal}}).hex())
            """.Replace("MEMBER", member, StringComparison.Ordinal)).Trim();
        var e = Assert.Throws<AttestationFormatException>(() => EarCbor.Decode(Convert.FromHexString(hex)));
        Assert.Equal(where, e.Where);
    }

    [Fact]
    public void Decode_IntegerSubmodName_IsRefused()
    {
        var hex = DebianPython.Run("""
            import cbor2
            print(cbor2.dumps({265: "tag:github.com,2023:veraison/ear", 6: 1, 1004: {0: "d", 1: "b"},
                266: {7: {1000: 2}}}).hex())
            """).Trim();
        var e = Assert.Throws<AttestationFormatException>(() => EarCbor.Decode(Convert.FromHexString(hex)));
        Assert.Equal("EAR/submods/7", e.Where);
    }
}
