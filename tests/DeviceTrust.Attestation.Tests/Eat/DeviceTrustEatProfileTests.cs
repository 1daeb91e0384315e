using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;

namespace DeviceTrust.Attestation.Tests.Eat;

/// <summary>The DeviceTrust EAT profile check and the UUID byte order of hwmodel.</summary>
public sealed class DeviceTrustEatProfileTests
{
    [Fact]
    public void RfcUuid_KnownClassId_BytesInStringOrder_AndBack()
    {
        // SUIT manifest examples: class-id 1492af14-2569-5e48-bf42-9b2d51f2ab45 is h'1492af1425695e48bf429b2d51f2ab45'.
        var bytes = RfcUuid.ToBytes(Guid.Parse("1492af14-2569-5e48-bf42-9b2d51f2ab45"));

        Assert.Equal("1492af1425695e48bf429b2d51f2ab45", Convert.ToHexStringLower(bytes));
        Assert.NotEqual(bytes, EatSamples.ClassId.ToByteArray());   // .NET's mixed-endian order is not the RFC's
        Assert.Equal(EatSamples.ClassId, RfcUuid.FromBytes(bytes));
        Assert.Throws<ArgumentException>(() => RfcUuid.FromBytes(new byte[15]));
    }

    [Fact]
    public void Check_SampleEvidenceClaims_Conforms()
    {
        var check = DeviceTrustEatProfile.Check(EatClaimsSet.Decode(EatSamples.DeviceTrust().Encode()));

        Assert.True(check.Conforms, check.ToString());
    }

    [Fact]
    public void Component_WritesSwnameSwversionAndTheSuitDigest()
    {
        var component = EatClaimsSet.Decode(DeviceTrustEatProfile.Component("app", "4.2.0", EatSamples.ImageDigest).Encode());

        Assert.Equal("app", component.SoftwareName);
        Assert.Equal(new EatVersion("4.2.0", 1), component.SoftwareVersion);
        Assert.Equal(EatSamples.Hex("82 2F 58 20").Concat(EatSamples.ImageDigest), component.OtherClaims[EatClaimKeys.DeviceTrustImageDigest].ToArray());
        var digest = DeviceTrustEatProfile.ImageDigestOf(component)!;
        Assert.Equal((CoseLabel)CoseAlgorithms.Sha256, digest.Algorithm);
        Assert.Equal(EatSamples.ImageDigest, digest.Value);
    }

    public static TheoryData<string> Breaches => [.. BreachCases.Keys];

    private static readonly Dictionary<string, (Func<EatClaimsSet, EatClaimsSet> Break, string Reason)> BreachCases = new()
    {
        ["no profile"] = (c => c with { Profile = null }, "eat_profile (265) is missing"),
        ["other profile"] = (c => c with { Profile = EatProfileId.FromUri("tag:example.com,2025:x") }, "eat_profile (265) is \"tag:example.com,2025:x\""),
        ["no nonce"] = (c => c with { Nonce = null }, "eat_nonce (10) is missing"),
        ["no ueid"] = (c => c with { Ueid = null }, "ueid (256) is missing"),
        ["EUI ueid"] = (c => c with { Ueid = EatSamples.Hex("02 001122334455") }, "ueid (256) must be type 0x01 (RAND) with 16 random bytes (17 bytes), found type 0x02 with 7 bytes"),
        ["32-byte RAND ueid"] = (c => c with { Ueid = [1, .. new byte[32]] }, "found type 0x01 with 33 bytes"),
        ["no hwmodel"] = (c => c with { HardwareModel = null }, "hwmodel (259) is missing"),
        ["short hwmodel"] = (c => c with { HardwareModel = new byte[8] }, "hwmodel (259) must be the 16 bytes of a class-id UUID, found 8 bytes"),
        ["no dbgstat"] = (c => c with { DebugStatus = null }, "dbgstat (263) is missing"),
        ["no iat"] = (c => c with { IssuedAt = null }, "iat (6) is missing"),
        ["no submods"] = (c => c with { Submodules = null }, "submods (266) is missing"),
        ["component is a token"] = (c => WithApp(c, new EatNestedCborToken([0xA0])), "submods/app: a firmware component is a claims-set, found EatNestedCborToken"),
        ["no swname"] = (c => WithApp(c, Component() with { SoftwareName = null }), "submods/app: swname (270) is missing"),
        ["no swversion"] = (c => WithApp(c, Component() with { SoftwareVersion = null }), "submods/app: swversion (271) is missing"),
        ["swversion semver"] = (c => WithApp(c, Component() with { SoftwareVersion = new EatVersion("4.2.0", 16384) }), "swversion (271) must have scheme 1 (multipartnumeric), found 16384"),
        ["swversion no scheme"] = (c => WithApp(c, Component() with { SoftwareVersion = new EatVersion("4.2.0") }), "found none"),
        ["no digest"] = (c => WithApp(c, Component() with { OtherClaims = new Dictionary<CoseLabel, ReadOnlyMemory<byte>>() }), "submods/app: the image digest (-70001) is missing"),
        ["sha-512 digest"] = (c => WithApp(c, Component() with { OtherClaims = Digest("82 382B 58 20" + new string('0', 64)) }), "must be [-16, 32-byte SHA-256], found [-44, 32 bytes]"),
        ["short digest"] = (c => WithApp(c, Component() with { OtherClaims = Digest("82 2F 41 00") }), "found [-16, 1 bytes]"),
        ["digest not an array"] = (c => WithApp(c, Component() with { OtherClaims = Digest("41 00") }), "submods/app: the image digest (-70001) is malformed"),
    };

    [Theory]
    [MemberData(nameof(Breaches))]
    public void Check_BreachOfTheProfile_ReasonNamesIt(string breach)
    {
        var (@break, reason) = BreachCases[breach];

        var check = DeviceTrustEatProfile.Check(@break(EatSamples.DeviceTrust()));

        Assert.False(check.Conforms);
        Assert.Contains(check.Problems, problem => problem.Contains(reason, StringComparison.Ordinal));
        Assert.Single(check.Problems);
    }

    [Fact]
    public void Check_EmptyClaimsSet_ListsEveryRequiredClaim()
    {
        var check = DeviceTrustEatProfile.Check(new EatClaimsSet());

        Assert.Equal(7, check.Problems.Count);
    }

    private static EatClaimsSet Component() => DeviceTrustEatProfile.Component("app", "4.2.0", EatSamples.ImageDigest);

    private static Dictionary<CoseLabel, ReadOnlyMemory<byte>> Digest(string hex) =>
        new() { [EatClaimKeys.DeviceTrustImageDigest] = EatSamples.Hex(hex) };

    private static EatClaimsSet WithApp(EatClaimsSet claims, EatClaimsSet component) => WithApp(claims, new EatClaimsSubmodule(component));

    private static EatClaimsSet WithApp(EatClaimsSet claims, EatSubmodule app) =>
        claims with { Submodules = new Dictionary<string, EatSubmodule>(claims.Submodules!) { ["app"] = app } };
}
