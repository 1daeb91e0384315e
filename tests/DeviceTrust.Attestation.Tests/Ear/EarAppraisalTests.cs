using System.Text;
using DeviceTrust.Attestation.Ear;

namespace DeviceTrust.Attestation.Tests.Ear;

/// <summary>The rule of draft-ietf-rats-ear-03 §3.1: a status is no better than the vector's worst claim.</summary>
public class EarAppraisalTests
{
    private static readonly TrustworthinessVector Warning = TrustworthinessVector.Empty
        .With(TrustworthinessClaim.Hardware, HardwareValues.Genuine)
        .With(TrustworthinessClaim.Executables, ExecutablesValues.Unrecognized);

    [Theory]
    [InlineData(TrustTier.None)]
    [InlineData(TrustTier.Affirming)]
    public void Constructor_StatusBetterThanVector_IsRefused(TrustTier status)
    {
        var e = Assert.Throws<ArgumentException>(() => new EarAppraisal(status, Warning));
        Assert.Contains("executables is 33 (warning)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TrustTier.Warning)]
    [InlineData(TrustTier.Contraindicated)]
    public void Constructor_StatusNoBetterThanVector_IsAccepted(TrustTier status) =>
        Assert.Equal(status, new EarAppraisal(status, Warning).Status);

    [Fact]
    public void FromVector_TakesTheVectorsTier() => Assert.Equal(TrustTier.Warning, EarAppraisal.FromVector(Warning).Status);

    [Fact]
    public void Constructor_NoneTierClaims_DoNotLimitTheStatus()
    {
        var vector = TrustworthinessVector.Empty.With(TrustworthinessClaim.Configuration, SharedValues.VerifierMalfunction);
        Assert.Equal(TrustTier.Affirming, new EarAppraisal(TrustTier.Affirming, vector).Status);
    }

    [Fact]
    public void Constructor_EmptyPolicyId_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new EarAppraisal(TrustTier.Affirming, appraisalPolicyIds: [""]));

    [Fact]
    public void Constructor_EmptyVector_IsNoVector() =>
        Assert.Null(new EarAppraisal(TrustTier.Affirming, TrustworthinessVector.Empty).Vector);

    [Fact]
    public void Constructor_NotATier_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarAppraisal((TrustTier)3));

    [Theory]
    [InlineData("affirming", false)]
    [InlineData("none", false)]
    [InlineData("warning", true)]
    [InlineData("contraindicated", true)]
    public void JsonDecode_StatusAgainstVector_RefusedWhenBetter(string status, bool accepted)
    {
        var json = $$$$$"""
            {"eat_profile":"tag:github.com,2023:veraison/ear","iat":1,"ear.verifier-id":{"developer":"d","build":"b"},
             "submods":{"device":{"ear.status":"{{{{{status}}}}}","ear.trustworthiness-vector":{"hardware":2,"executables":33}}}}
            """;
        if (accepted)
        {
            Assert.Equal(status, EarJson.Decode(json).Submods["device"].Status.Name());
            return;
        }
        var e = Assert.Throws<AttestationFormatException>(() => EarJson.Decode(json));
        Assert.Equal("EAR/submods/device/ear.status", e.Where);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(0, false)]
    [InlineData(32, true)]
    [InlineData(96, true)]
    public void CborDecode_StatusAgainstVector_RefusedWhenBetter(int status, bool accepted)
    {
        var cbor = CborOf(status);
        if (accepted)
        {
            Assert.Equal(status, (int)EarCbor.Decode(cbor).Submods["device"].Status);
            return;
        }
        var e = Assert.Throws<AttestationFormatException>(() => EarCbor.Decode(cbor));
        Assert.Equal("EAR/submods/\"device\"/ear.status", e.Where);
    }

    private static byte[] CborOf(int status)
    {
        // {265: profile, 6: 1, 1004: {0: "d", 1: "b"}, 266: {"device": {1000: status, 1001: {4: 2, 2: 33}}}},
        // written by hand so that the refused statuses can be built at all.
        var writer = new System.Formats.Cbor.CborWriter();
        writer.WriteStartMap(4);
        writer.WriteInt32(265);
        writer.WriteTextString("tag:github.com,2023:veraison/ear");
        writer.WriteInt32(6);
        writer.WriteInt32(1);
        writer.WriteInt32(1004);
        writer.WriteStartMap(2);
        writer.WriteInt32(0);
        writer.WriteTextString("d");
        writer.WriteInt32(1);
        writer.WriteTextString("b");
        writer.WriteEndMap();
        writer.WriteInt32(266);
        writer.WriteStartMap(1);
        writer.WriteTextString("device");
        writer.WriteStartMap(2);
        writer.WriteInt32(1000);
        writer.WriteInt32(status);
        writer.WriteInt32(1001);
        writer.WriteStartMap(2);
        writer.WriteInt32(4);
        writer.WriteInt32(2);
        writer.WriteInt32(2);
        writer.WriteInt32(33);
        writer.WriteEndMap();
        writer.WriteEndMap();
        writer.WriteEndMap();
        writer.WriteEndMap();
        return writer.Encode();
    }

    [Fact]
    public void Encode_Json_WritesOnlyThePresentClaims()
    {
        var json = EarJson.EncodeToString(EarSamples.Full("policy:psa"));
        Assert.Contains("\"ear.trustworthiness-vector\":{\"instance-identity\":2,\"executables\":33,\"hardware\":2,\"storage-opaque\":-128}",
            json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"configuration\":0", json, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetBytes(json), EarJson.Encode(EarSamples.Full("policy:psa")));
    }
}
