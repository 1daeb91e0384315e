using DeviceTrust.Attestation.Ear;

namespace DeviceTrust.Attestation.Tests.Ear;

public class TrustworthinessVectorTests
{
    [Fact]
    public void Tier_EmptyVector_IsNone() => Assert.Equal(TrustTier.None, TrustworthinessVector.Empty.Tier);

    [Theory]
    [InlineData(new sbyte[] { 2, 3, 2 }, TrustTier.Affirming)]
    [InlineData(new sbyte[] { 2, 33, 2 }, TrustTier.Warning)]
    [InlineData(new sbyte[] { 2, 33, 96 }, TrustTier.Contraindicated)]
    [InlineData(new sbyte[] { -128, 2, 2 }, TrustTier.Contraindicated)]
    [InlineData(new sbyte[] { 0, 0, 0 }, TrustTier.None)]
    [InlineData(new sbyte[] { 0, 2, -1 }, TrustTier.Affirming)]
    public void Tier_IsTheWorstClaimsTier(sbyte[] values, TrustTier expected)
    {
        var vector = TrustworthinessVector.Empty;
        for (var i = 0; i < values.Length; i++)
            vector = vector.With((TrustworthinessClaim)i, values[i]);
        Assert.Equal(expected, vector.Tier);
    }

    [Fact]
    public void With_LeavesTheOriginalUnchanged_AndOnlyPresentClaimsAreListed()
    {
        var vector = TrustworthinessVector.Empty.With(TrustworthinessClaim.Hardware, HardwareValues.Genuine);
        var more = vector.With(TrustworthinessClaim.InstanceIdentity, InstanceIdentityValues.Recognized);

        Assert.Equal(1, vector.Count);
        Assert.Null(vector[TrustworthinessClaim.InstanceIdentity]);
        Assert.Equal([TrustworthinessClaim.InstanceIdentity, TrustworthinessClaim.Hardware], more.Claims.Select(c => c.Key));
        Assert.Equal(TrustworthinessVector.Empty, more.Without(TrustworthinessClaim.Hardware).Without(TrustworthinessClaim.InstanceIdentity));
    }

    [Fact]
    public void Index_NotAClaim_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TrustworthinessVector.Empty.With((TrustworthinessClaim)8, 2));
}
