using DeviceTrust.Attestation.Ear;

namespace DeviceTrust.Attestation.Tests.Ear;

public class TrustTierTests
{
    [Theory]
    [InlineData(-128, TrustTier.Contraindicated)]
    [InlineData(-97, TrustTier.Contraindicated)]
    [InlineData(-96, TrustTier.Warning)]
    [InlineData(-33, TrustTier.Warning)]
    [InlineData(-32, TrustTier.Affirming)]
    [InlineData(-2, TrustTier.Affirming)]
    [InlineData(-1, TrustTier.None)]
    [InlineData(0, TrustTier.None)]
    [InlineData(1, TrustTier.None)]
    [InlineData(2, TrustTier.Affirming)]
    [InlineData(31, TrustTier.Affirming)]
    [InlineData(32, TrustTier.Warning)]
    [InlineData(95, TrustTier.Warning)]
    [InlineData(96, TrustTier.Contraindicated)]
    [InlineData(127, TrustTier.Contraindicated)]
    public void Of_BoundaryValue_FallsInItsTier(int value, TrustTier expected) =>
        Assert.Equal(expected, TrustTiers.Of((sbyte)value));

    [Fact]
    public void Of_EveryValue_MatchesTheRangesOfAr4si()
    {
        for (int value = sbyte.MinValue; value <= sbyte.MaxValue; value++)
        {
            var magnitude = Math.Abs(value);
            var expected = magnitude <= 1 ? TrustTier.None
                : value is >= 2 and <= 31 || value is >= -32 and <= -2 ? TrustTier.Affirming
                : value is >= 32 and <= 95 || value is >= -96 and <= -33 ? TrustTier.Warning
                : TrustTier.Contraindicated;
            Assert.Equal(expected, TrustTiers.Of((sbyte)value));
        }
    }

    [Fact]
    public void StandardValues_AreInTheTiersTheirNamesSay()
    {
        Assert.Equal(TrustTier.None, TrustTiers.Of(SharedValues.VerifierMalfunction));
        Assert.Equal(TrustTier.None, TrustTiers.Of(SharedValues.UnexpectedEvidence));
        Assert.Equal(TrustTier.Contraindicated, TrustTiers.Of(SharedValues.CryptoValidationFailed));
        Assert.Equal(TrustTier.Affirming, TrustTiers.Of(ConfigurationValues.NoKnownVulnerabilities));
        Assert.Equal(TrustTier.Warning, TrustTiers.Of(ExecutablesValues.Unrecognized));
        Assert.Equal(TrustTier.Contraindicated, TrustTiers.Of(HardwareValues.Unrecognized));
        Assert.Equal(TrustTier.Warning, TrustTiers.Of(StorageOpaqueValues.SwKeyEncrypted));
    }

    [Theory]
    [InlineData(TrustworthinessClaim.InstanceIdentity, 2, "recognized and not compromised")]
    [InlineData(TrustworthinessClaim.Configuration, 2, "all recognized and approved")]
    [InlineData(TrustworthinessClaim.Executables, 33, "unrecognized run-time")]
    [InlineData(TrustworthinessClaim.Hardware, 97, "unrecognized")]
    [InlineData(TrustworthinessClaim.RuntimeOpaque, 96, "visible")]
    [InlineData(TrustworthinessClaim.SourcedData, 99, "cryptographic validation failed")]
    [InlineData(TrustworthinessClaim.FileSystem, -1, "verifier malfunction")]
    [InlineData(TrustworthinessClaim.FileSystem, 40, "warning tier (value 40)")]
    public void Describe_StandardAndOtherValues_ReadAsExpected(TrustworthinessClaim claim, int value, string expected) =>
        Assert.Equal(expected, TrustworthinessValues.Describe(claim, (sbyte)value));

    [Theory]
    [InlineData(0, true)]
    [InlineData(2, true)]
    [InlineData(32, true)]
    [InlineData(96, true)]
    [InlineData(1, false)]
    [InlineData(3, false)]
    [InlineData(97, false)]
    [InlineData(-2, false)]
    [InlineData(1000, false)]
    public void TryFromNumber_OnlyTheFourTierNumbers_AreStatuses(long number, bool expected) =>
        Assert.Equal(expected, TrustTiers.TryFromNumber(number, out _));

    [Theory]
    [InlineData("none", TrustTier.None)]
    [InlineData("affirming", TrustTier.Affirming)]
    [InlineData("warning", TrustTier.Warning)]
    [InlineData("contraindicated", TrustTier.Contraindicated)]
    public void Name_AndTryParse_RoundTrip(string name, TrustTier tier)
    {
        Assert.Equal(name, tier.Name());
        Assert.True(TrustTiers.TryParse(name, out var parsed));
        Assert.Equal(tier, parsed);
    }

    [Theory]
    [InlineData("Affirming")]
    [InlineData("2")]
    [InlineData("")]
    public void TryParse_OtherText_IsNotATier(string text) => Assert.False(TrustTiers.TryParse(text, out _));
}
