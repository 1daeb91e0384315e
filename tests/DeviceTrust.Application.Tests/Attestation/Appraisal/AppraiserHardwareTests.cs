using DeviceTrust.Application.Attestation.Appraisal;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Domain.Attestation;
using static DeviceTrust.Application.Tests.Attestation.Appraisal.AppraisalScenario;

namespace DeviceTrust.Application.Tests.Attestation.Appraisal;

public sealed class AppraiserHardwareTests : IDisposable
{
    private const TrustworthinessClaim Hardware = TrustworthinessClaim.Hardware;
    private readonly AppraisalScenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    [Fact]
    public void Appraise_HardwareModelOfAnotherClass_UnrecognizedNamingBoth()
    {
        var otherClassId = Guid.Parse("a1b2c3d4-0000-4000-8000-000000000001");

        var outcome = _scenario.Appraise(_scenario.Claims() with { HardwareModel = DeviceTrustEatProfile.HardwareModelOf(otherClassId) });

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Contraindicated, outcome.Tier);
        Assert.Equal(HardwareValues.Unrecognized, outcome.Vector[Hardware]);
        Assert.Equal($"hwmodel class-id {otherClassId} is not {ClassName} (class-id {_scenario.Class.ClassId})",
            ReasonFor(outcome, Hardware, HardwareValues.Unrecognized));
        Assert.Equal(InstanceIdentityValues.Recognized, outcome.Vector[TrustworthinessClaim.InstanceIdentity]);
    }

    [Theory]
    [InlineData("a1", "a1 (1 byte)")]
    [InlineData("a1b2c3d4e5f6", "a1b2c3d4e5f6 (6 bytes)")]
    [InlineData("a1b2c3d4e5f60718", "a1b2c3d4e5f6… (8 bytes)")]
    public void Appraise_HardwareModelNotAUuid_ShownAsHexAndLength(string hwmodel, string shown)
    {
        var outcome = _scenario.Appraise(_scenario.Claims() with { HardwareModel = Convert.FromHexString(hwmodel) });

        Assert.Equal($"hwmodel {shown} is not {ClassName} (class-id {_scenario.Class.ClassId})",
            ReasonFor(outcome, Hardware, HardwareValues.Unrecognized));
    }

    [Fact]
    public void Appraise_NoHardwareModel_Unrecognized()
    {
        var outcome = _scenario.Appraise(_scenario.Claims() with { HardwareModel = null });

        AssertWellFormed(outcome);
        Assert.Contains("no hwmodel", ReasonFor(outcome, Hardware, HardwareValues.Unrecognized), StringComparison.Ordinal);
    }

    [Fact]
    public void Appraise_KeyRegisteredByASecurityOfficer_GenuineAndSaysSo()
    {
        var registered = AttestationKey.Registered(_scenario.Device.Id, _scenario.Device.SerialNumber,
            _scenario.SigningKey.ExportSubjectPublicKeyInfo(), "user:security-officer", Now);

        var outcome = Appraiser.Appraise(_scenario.Input() with { Key = registered });

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Affirming, outcome.Tier);
        Assert.Contains("registered for the device by a security officer (user:security-officer)",
            ReasonFor(outcome, Hardware, HardwareValues.Genuine), StringComparison.Ordinal);
    }

    [Fact]
    public void Appraise_EndorsedKey_GenuineAndSaysSo()
    {
        var outcome = _scenario.Appraise();

        Assert.Contains("endorsed by the manufacturer's attestation endorsement CA",
            ReasonFor(outcome, Hardware, HardwareValues.Genuine), StringComparison.Ordinal);
    }
}
