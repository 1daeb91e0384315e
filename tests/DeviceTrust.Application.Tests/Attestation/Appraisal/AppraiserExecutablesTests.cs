using System.Security.Cryptography;
using System.Text;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using static DeviceTrust.Application.Tests.Attestation.Appraisal.AppraisalScenario;

namespace DeviceTrust.Application.Tests.Attestation.Appraisal;

public sealed class AppraiserExecutablesTests : IDisposable
{
    private const TrustworthinessClaim Executables = TrustworthinessClaim.Executables;
    private static readonly byte[] RadioImage = SHA256.HashData(Encoding.UTF8.GetBytes("radio 2.0.0 image"));
    private static readonly byte[] TamperedImage = SHA256.HashData(Encoding.UTF8.GetBytes("firmware 3.2.1 image, patched"));
    private readonly AppraisalScenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    [Fact]
    public void Appraise_ComponentWithoutReferenceValue_UnrecognizedWarning()
    {
        var outcome = _scenario.Appraise(_scenario.Claims() with
        {
            Submodules = Components(("boot", BootVersion, BootImage), ("radio", "2.0.0", RadioImage), ("firmware", Release, FirmwareImage)),
        });

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Warning, outcome.Tier);
        Assert.Equal(ExecutablesValues.Unrecognized, outcome.Vector[Executables]);
        Assert.Equal($"radio digest {Hex6(RadioImage)}… (32 bytes) has no reference value for {ClassName} {Release}",
            ReasonFor(outcome, Executables, ExecutablesValues.Unrecognized));
        Assert.Equal(Release, outcome.FirmwareVersion);
    }

    [Fact]
    public void Appraise_DigestDiffersFromItsReferenceValue_ContraindicatedNamingBoth()
    {
        var outcome = _scenario.Appraise(_scenario.Claims() with
        {
            Submodules = Components(("boot", BootVersion, BootImage), ("firmware", Release, TamperedImage)),
        });

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Contraindicated, outcome.Tier);
        Assert.Equal(ExecutablesValues.Contraindicated, outcome.Vector[Executables]);
        Assert.Equal($"firmware digest {Hex6(TamperedImage)}… (32 bytes) differs from the reference value {Hex6(FirmwareImage)}… (32 bytes) for {ClassName} {Release}",
            ReasonFor(outcome, Executables, ExecutablesValues.Contraindicated));
        Assert.Contains("boot digest", ReasonFor(outcome, Executables, ExecutablesValues.ApprovedRuntime), StringComparison.Ordinal);
    }

    [Fact]
    public void Appraise_MismatchBesideAnUnrecognizedComponent_StillContraindicated()
    {
        var outcome = _scenario.Appraise(_scenario.Claims() with
        {
            Submodules = Components(("radio", "2.0.0", RadioImage), ("firmware", Release, TamperedImage)),
        });

        AssertWellFormed(outcome);
        Assert.Equal(ExecutablesValues.Contraindicated, outcome.Vector[Executables]);
        Assert.Equal(2, outcome.Reasons.Count(r => r.Claim == Executables && r.Value == ExecutablesValues.Unrecognized));
    }

    [Fact]
    public void Appraise_NoReferenceValuesForTheReportedVersion_UnrecognizedAndNoVersionUsed()
    {
        var outcome = _scenario.Appraise(_scenario.Claims() with
        {
            Submodules = Components(("boot", BootVersion, BootImage), ("firmware", "3.3.0", FirmwareImage)),
        });

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Warning, outcome.Tier);
        Assert.Equal($"no reference values for {ClassName} 3.3.0", ReasonFor(outcome, Executables, ExecutablesValues.Unrecognized));
        Assert.Single(outcome.Reasons, r => r.Claim == Executables);
        Assert.Null(outcome.FirmwareVersion);
    }

    [Fact]
    public void Appraise_ReferenceValueForAComponentNotReported_Unrecognized()
    {
        _scenario.ReferenceValues.Add(_scenario.Reference("radio", RadioImage));

        var outcome = _scenario.Appraise();

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Warning, outcome.Tier);
        Assert.Equal($"{ClassName} {Release} has a reference value for \"radio\", which the evidence does not report",
            ReasonFor(outcome, Executables, ExecutablesValues.Unrecognized));
    }

    [Fact]
    public void Appraise_ReferenceValuesOfOtherVersionsAndRetiredOnes_Ignored()
    {
        _scenario.ReferenceValues.Add(_scenario.Reference("radio", RadioImage, version: "3.1.0"));
        var retired = _scenario.Reference("radio", RadioImage);
        retired.Remove(ClassName, "user:security-officer", Now);
        _scenario.ReferenceValues.Add(retired);

        var outcome = _scenario.Appraise();

        Assert.Equal(TrustTier.Affirming, outcome.Tier);
        Assert.Equal(ExecutablesValues.ApprovedRuntime, outcome.Vector[Executables]);
    }

    [Fact]
    public void Appraise_NoFirmwareComponent_VersionOfTheFirstComponent()
    {
        _scenario.ReferenceValues.Add(_scenario.Reference("boot", BootImage, version: BootVersion));
        _scenario.ReferenceValues.Add(_scenario.Reference("application", RadioImage, version: BootVersion));

        var outcome = _scenario.Appraise(_scenario.Claims() with
        {
            Submodules = Components(("boot", BootVersion, BootImage), ("application", "9.9.9", RadioImage)),
        });

        AssertWellFormed(outcome);
        Assert.Equal(BootVersion, outcome.FirmwareVersion);
        Assert.Equal(ExecutablesValues.ApprovedRuntime, outcome.Vector[Executables]);
    }

    [Fact]
    public void Appraise_NestedTokenComponent_UnrecognizedAsNotInTheProfile()
    {
        var submodules = Components(("boot", BootVersion, BootImage), ("firmware", Release, FirmwareImage));
        var nested = EatEvidence.Build(DeviceTrustEatProfile.Component("radio", "2.0.0", RadioImage), _scenario.SigningKey);
        submodules["radio"] = new EatNestedCborToken(nested);

        var outcome = _scenario.Appraise(_scenario.Claims() with { Submodules = submodules });

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Warning, outcome.Tier);
        Assert.Contains("component \"radio\" is a nested token", ReasonFor(outcome, Executables, ExecutablesValues.Unrecognized), StringComparison.Ordinal);
    }

    [Fact]
    public void Appraise_DetachedDigestComponent_UnrecognizedAsNotInTheProfile()
    {
        var submodules = Components(("boot", BootVersion, BootImage), ("firmware", Release, FirmwareImage));
        submodules["radio"] = new EatDetachedDigest(new EatDigest(DeviceTrustEatProfile.ImageDigestAlgorithm, RadioImage));

        var outcome = _scenario.Appraise(_scenario.Claims() with { Submodules = submodules });

        AssertWellFormed(outcome);
        Assert.Equal(ExecutablesValues.Unrecognized, outcome.Vector[Executables]);
        Assert.Contains("component \"radio\" is a detached digest", ReasonFor(outcome, Executables, ExecutablesValues.Unrecognized), StringComparison.Ordinal);
    }

    [Fact]
    public void Appraise_ComponentWithoutImageDigest_Unrecognized()
    {
        var submodules = Components(("boot", BootVersion, BootImage), ("firmware", Release, FirmwareImage));
        submodules["boot"] = new EatClaimsSubmodule(new EatClaimsSet { SoftwareName = "boot", SoftwareVersion = new EatVersion(BootVersion, EatVersion.MultipartNumeric) });

        var outcome = _scenario.Appraise(_scenario.Claims() with { Submodules = submodules });

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Warning, outcome.Tier);
        Assert.Equal("boot: the evidence carries no image digest (-70001)", ReasonFor(outcome, Executables, ExecutablesValues.Unrecognized));
    }

    private static string Hex6(byte[] digest) => Convert.ToHexStringLower(digest.AsSpan(0, 6));

    [Fact]
    public void Appraise_SupersededRelease_FlaggedOnlyWherePolicySaysSo_AsUnsafeWarning()
    {
        var releases = new Application.Attestation.Appraisal.ReleasedFirmware(new HashSet<string> { Release, "3.3.0" }, "3.3.0");
        var claims = _scenario.Claims() with { Submodules = Components(("boot", BootVersion, BootImage), ("firmware", Release, FirmwareImage)) };

        var unflagged = Application.Attestation.Appraisal.Appraiser.Appraise(_scenario.Input(claims) with { Releases = releases });
        _scenario.Class.ChangeAttestationPolicy(_scenario.Class.AttestationPolicy with { FlagSupersededFirmware = true });
        var flagged = Application.Attestation.Appraisal.Appraiser.Appraise(_scenario.Input(claims) with { Releases = releases });
        var latest = Application.Attestation.Appraisal.Appraiser.Appraise(_scenario.Input(claims) with
        {
            Releases = releases with { Latest = Release },
        });

        Assert.Equal(TrustTier.Affirming, unflagged.Tier);
        Assert.Equal((TrustTier.Warning, ExecutablesValues.Unsafe), (flagged.Tier, flagged.Vector[Executables]));
        Assert.Equal($"{ClassName} {Release} is superseded by release 3.3.0 in the firmware catalog (the class's policy flags it)",
            ReasonFor(flagged, Executables, ExecutablesValues.Unsafe));
        Assert.Equal(TrustTier.Affirming, latest.Tier);
    }
}
