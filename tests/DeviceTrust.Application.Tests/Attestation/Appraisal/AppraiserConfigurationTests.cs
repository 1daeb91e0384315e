using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using static DeviceTrust.Application.Tests.Attestation.Appraisal.AppraisalScenario;

namespace DeviceTrust.Application.Tests.Attestation.Appraisal;

public sealed class AppraiserConfigurationTests
{
    private const TrustworthinessClaim Configuration = TrustworthinessClaim.Configuration;

    [Theory]
    [InlineData(2, EatDebugStatus.DisabledSinceBoot)]
    [InlineData(2, EatDebugStatus.DisabledFullyAndPermanently)]
    [InlineData(0, EatDebugStatus.Enabled)]
    public void Appraise_DebugStatusAtOrAboveTheMinimum_Approved(int minimum, EatDebugStatus debug)
    {
        using var scenario = new AppraisalScenario(minimumDebugStatus: minimum);

        var outcome = scenario.Appraise(scenario.Claims() with { DebugStatus = debug });

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Affirming, outcome.Tier);
        Assert.Contains("meets the minimum", ReasonFor(outcome, Configuration, ConfigurationValues.Approved), StringComparison.Ordinal);
    }

    [Fact]
    public void Appraise_DebugDisabledButBelowTheMinimum_UnsafeWarning()
    {
        using var scenario = new AppraisalScenario(minimumDebugStatus: 2);

        var outcome = scenario.Appraise(scenario.Claims() with { DebugStatus = EatDebugStatus.Disabled });

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Warning, outcome.Tier);
        Assert.Equal(ConfigurationValues.Unsafe, outcome.Vector[Configuration]);
        Assert.Equal($"dbgstat 1 (disabled) is below the minimum 2 (disabled since boot) of {ClassName}",
            ReasonFor(outcome, Configuration, ConfigurationValues.Unsafe));
    }

    [Fact]
    public void Appraise_DebugEnabledWhenTheClassRequiresItDisabled_UnsupportableContraindicated()
    {
        using var scenario = new AppraisalScenario(minimumDebugStatus: 1);

        var outcome = scenario.Appraise(scenario.Claims() with { DebugStatus = EatDebugStatus.Enabled });

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Contraindicated, outcome.Tier);
        Assert.Contains("dbgstat 0 (enabled) is below the minimum 1 (disabled)",
            ReasonFor(outcome, Configuration, ConfigurationValues.Unsupportable), StringComparison.Ordinal);
    }

    [Fact]
    public void Appraise_RequiredClaimMissing_UnsafeNamingTheClaim()
    {
        using var scenario = new AppraisalScenario(requiredClaims: [EatClaimKeys.OemId, EatClaimKeys.BootCount]);

        var outcome = scenario.Appraise(scenario.Claims() with { BootCount = 17 });

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Warning, outcome.Tier);
        Assert.Equal(ConfigurationValues.Unsafe, outcome.Vector[Configuration]);
        Assert.Equal($"the policy of {ClassName} requires 258 (oemid), which the evidence does not carry",
            ReasonFor(outcome, Configuration, ConfigurationValues.Unsafe));
    }

    [Fact]
    public void Appraise_RequiredClaimsPresent_Approved()
    {
        using var scenario = new AppraisalScenario(requiredClaims: [EatClaimKeys.OemId, EatClaimKeys.BootCount]);

        var outcome = scenario.Appraise(scenario.Claims() with { BootCount = 17, OemId = EatOemId.FromPen(32473) });

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Affirming, outcome.Tier);
        Assert.Equal(ConfigurationValues.Approved, outcome.Vector[Configuration]);
    }

    [Fact]
    public void Appraise_RequiredClaimNotModelled_CountsWhenTheEvidenceCarriesIt()
    {
        // cnf (8) is kept undecoded by EatClaimsSet; the policy sees it all the same, in the claims as received.
        using var scenario = new AppraisalScenario(requiredClaims: [EatClaimKeys.Confirmation]);
        var confirmation = new Dictionary<CoseLabel, ReadOnlyMemory<byte>> { [EatClaimKeys.Confirmation] = new byte[] { 0xA1, 0x03, 0x41, 0x01 } };

        var carried = scenario.Appraise(scenario.Claims() with { OtherClaims = confirmation });
        var missing = scenario.Appraise();

        AssertWellFormed(carried);
        Assert.Equal(ConfigurationValues.Approved, carried.Vector[Configuration]);
        Assert.Equal(ConfigurationValues.Unsafe, missing.Vector[Configuration]);
        Assert.Equal($"the policy of {ClassName} requires 8 (cnf), which the evidence does not carry",
            ReasonFor(missing, Configuration, ConfigurationValues.Unsafe));
    }

    [Fact]
    public void Appraise_RequiredClaimOnlyInAComponent_Missing()
    {
        // bootcount inside a firmware component's claims-set is not the device's bootcount: only top-level claims count.
        using var scenario = new AppraisalScenario(requiredClaims: [EatClaimKeys.BootCount]);
        var firmware = DeviceTrustEatProfile.Component("firmware", Release, FirmwareImage) with { BootCount = 3 };
        var claims = scenario.Claims() with
        {
            Submodules = new Dictionary<string, EatSubmodule>
            {
                ["boot"] = new EatClaimsSubmodule(DeviceTrustEatProfile.Component("boot", BootVersion, BootImage)),
                ["firmware"] = new EatClaimsSubmodule(firmware),
            },
        };

        var outcome = scenario.Appraise(claims);

        Assert.Equal(ConfigurationValues.Unsafe, outcome.Vector[Configuration]);
        Assert.Equal($"the policy of {ClassName} requires 267 (bootcount), which the evidence does not carry",
            ReasonFor(outcome, Configuration, ConfigurationValues.Unsafe));
    }

    [Fact]
    public void Appraise_AnotherProfile_UnsafeWithTheProfileProblem()
    {
        using var scenario = new AppraisalScenario();

        var outcome = scenario.Appraise(scenario.Claims() with { Profile = EatProfileId.FromUri("tag:example.com,2026:other") });

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Warning, outcome.Tier);
        Assert.Contains("eat_profile (265) is \"tag:example.com,2026:other\"",
            ReasonFor(outcome, Configuration, ConfigurationValues.Unsafe), StringComparison.Ordinal);
        Assert.Equal(InstanceIdentityValues.Recognized, outcome.Vector[TrustworthinessClaim.InstanceIdentity]);
    }
}
