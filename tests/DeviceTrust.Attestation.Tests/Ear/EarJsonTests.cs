using System.Text.Json;
using DeviceTrust.Attestation.Ear;

namespace DeviceTrust.Attestation.Tests.Ear;

public class EarJsonTests
{
    private const string Minimal = """
        {"eat_profile":"tag:github.com,2023:veraison/ear","iat":1666091373,
         "ear.verifier-id":{"developer":"Acme Inc.","build":"rrtrap-v1.0.0"},
         "submods":{"test":{"ear.status":"affirming"}}}
        """;

    [Fact]
    public void Decode_EncodedResult_RoundTrips()
    {
        var result = EarSamples.Full("policy:psa");
        var decoded = EarJson.Decode(EarJson.Encode(result));
        AssertSame(result, decoded);
        Assert.Equal(EarJson.Encode(result), EarJson.Encode(decoded));
    }

    [Fact]
    public void Encode_Draft03Names_UnderscoredWithPolicyIdsArray()
    {
        var result = EarSamples.Full("policy:first", "policy:second");
        var json = EarJson.EncodeToString(result, EarClaimNames.Draft03);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.Equal("tag:ietf.org,2026:rats/ear#03", root.GetProperty("eat_profile").GetString());
        Assert.Equal("3q2-7_8", root.GetProperty("ear_raw_evidence").GetString());
        var device = root.GetProperty("submods").GetProperty("device");
        Assert.Equal("contraindicated", device.GetProperty("ear_status").GetString());
        Assert.Equal(33, device.GetProperty("ear_trustworthiness_vector").GetProperty("executables").GetInt32());
        Assert.Equal(["policy:first", "policy:second"], device.GetProperty("ear_appraisal_policy_ids").EnumerateArray().Select(e => e.GetString()));
        AssertSame(result, EarJson.Decode(json, EarClaimNames.Draft03));
    }

    [Fact]
    public void Encode_VeraisonNames_SeveralPolicyIds_IsRefused() =>
        Assert.Throws<InvalidOperationException>(() => EarJson.Encode(EarSamples.Full("policy:first", "policy:second")));

    [Fact]
    public void Decode_OtherProfilesEar_IsRefused()
    {
        var json = EarJson.Encode(EarSamples.Full(), EarClaimNames.Draft03);
        var e = Assert.Throws<AttestationFormatException>(() => EarJson.Decode(json, EarClaimNames.Veraison));
        Assert.Equal("EAR/eat_profile", e.Where);
    }

    [Fact]
    public void Decode_UnknownClaims_AreIgnored()
    {
        var json = Minimal.Replace("\"iat\"", "\"jti\":\"x\",\"nbf\":5,\"iat\"", StringComparison.Ordinal)
            .Replace("\"ear.status\"", "\"ear.veraison.policy-claims\":{\"a\":1},\"ear.status\"", StringComparison.Ordinal);
        Assert.Equal(TrustTier.Affirming, EarJson.Decode(json).Submods["test"].Status);
    }

    [Theory]
    [InlineData("\"iat\":1666091373", "\"iat\":1.666091373e9", "EAR/iat")]
    [InlineData("\"iat\":1666091373", "\"iat\":\"1666091373\"", "EAR/iat")]
    [InlineData("\"iat\":1666091373,", "", "EAR")]
    [InlineData("\"ear.status\":\"affirming\"", "\"ear.status\":2", "EAR/submods/test/ear.status")]
    [InlineData("\"ear.status\":\"affirming\"", "\"ear.status\":\"Affirming\"", "EAR/submods/test/ear.status")]
    [InlineData("\"ear.status\":\"affirming\"", "\"ear.status\":\"affirming\",\"ear.trustworthiness-vector\":{\"executables\":128}", "EAR/submods/test/ear.trustworthiness-vector/executables")]
    [InlineData("\"ear.status\":\"affirming\"", "\"ear.status\":\"affirming\",\"ear.trustworthiness-vector\":{\"executables\":2.0}", "EAR/submods/test/ear.trustworthiness-vector/executables")]
    [InlineData("\"ear.status\":\"affirming\"", "\"ear.status\":\"affirming\",\"ear.trustworthiness-vector\":{\"firmware\":2}", "EAR/submods/test/ear.trustworthiness-vector/firmware")]
    [InlineData("\"ear.status\":\"affirming\"", "\"ear.status\":\"affirming\",\"ear.trustworthiness-vector\":{}", "EAR/submods/test/ear.trustworthiness-vector")]
    [InlineData("\"ear.status\":\"affirming\"", "\"ear.status\":\"affirming\",\"ear.status\":\"warning\"", "EAR/submods/test/ear.status")]
    [InlineData("{\"test\":{\"ear.status\":\"affirming\"}}", "{}", "EAR/submods")]
    [InlineData("\"build\":\"rrtrap-v1.0.0\"", "\"build\":\"rrtrap-v1.0.0\",\"commit\":\"abc\"", "EAR/ear.verifier-id/commit")]
    [InlineData("\"iat\":1666091373", "\"iat\":1666091373,\"ear.raw-evidence\":\"3q2-7w==\"", "EAR/ear.raw-evidence")]
    [InlineData("\"iat\":1666091373", "\"iat\":1666091373,\"ear.raw-evidence\":\"3q2+7w\"", "EAR/ear.raw-evidence")]
    [InlineData("\"iat\":1666091373", "\"iat\":1666091373,\"ear.raw-evidence\":\"3q2-7x\"", "EAR/ear.raw-evidence")]
    [InlineData("\"iat\":1666091373", "\"iat\":1666091373,\"eat_nonce\":\"AAAA\"", "EAR/eat_nonce")]
    [InlineData("\"iat\":1666091373", "\"iat\":1666091373,\"eat_nonce\":\"ab+cd-efghijklmnop\"", "EAR/eat_nonce")]
    [InlineData("\"eat_profile\":\"tag:github.com,2023:veraison/ear\"", "\"eat_profile\":\"tag:github.com,2022:veraison/ear\"", "EAR/eat_profile")]
    public void Decode_Malformed_IsRefusedWithItsPath(string replace, string with, string where)
    {
        Assert.Contains(replace, Minimal, StringComparison.Ordinal);
        var e = Assert.Throws<AttestationFormatException>(() => EarJson.Decode(Minimal.Replace(replace, with, StringComparison.Ordinal)));
        Assert.Equal(where, e.Where);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"eat_profile\":1}")]
    [InlineData("{} trailing")]
    [InlineData("{\"a\":1,}")]
    public void Decode_NotAnEarObject_IsRefused(string json)
    {
        var e = Assert.Throws<AttestationFormatException>(() => EarJson.Decode(json));
        Assert.StartsWith("EAR", e.Where, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("QUp8F0FBs9DpodKK8xUg8NQimf6sQAfe2J1ormzZLxk=")]   // Veraison services: standard base64, padded
    [InlineData("QUp8F0FBs9DpodKK8xUg8NQimf6sQAfe2J1ormzZLxk")]    // base64url without padding
    public void Decode_NonceInEitherBase64Alphabet_IsRead(string nonce)
    {
        var json = Minimal.Replace("\"iat\"", $"\"eat_nonce\":\"{nonce}\",\"iat\"", StringComparison.Ordinal);
        Assert.Equal(Convert.FromBase64String("QUp8F0FBs9DpodKK8xUg8NQimf6sQAfe2J1ormzZLxk="), EarJson.Decode(json).Nonce!.Value.ToArray());
    }

    [Fact]
    public void Decode_NoNonceOrRawEvidence_LeavesThemAbsent()
    {
        var ear = EarJson.Decode(Minimal);
        Assert.Null(ear.Nonce);
        Assert.Null(ear.RawEvidence);
        Assert.DoesNotContain("eat_nonce", EarJson.EncodeToString(ear), StringComparison.Ordinal);
    }

    internal static void AssertSame(AttestationResult expected, AttestationResult actual)
    {
        Assert.Equal(expected.IssuedAt, actual.IssuedAt);
        Assert.Equal(expected.VerifierId, actual.VerifierId);
        Assert.Equal(expected.RawEvidence?.ToArray(), actual.RawEvidence?.ToArray());
        Assert.Equal(expected.Nonce?.ToArray(), actual.Nonce?.ToArray());
        Assert.Equal(expected.Submods.Keys, actual.Submods.Keys);
        foreach (var (name, appraisal) in expected.Submods)
        {
            Assert.Equal(appraisal.Status, actual.Submods[name].Status);
            Assert.Equal(appraisal.Vector, actual.Submods[name].Vector);
            Assert.Equal(appraisal.AppraisalPolicyIds, actual.Submods[name].AppraisalPolicyIds);
        }
    }
}
