using System.Security.Cryptography;
using DeviceTrust.Application.Attestation.Appraisal;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using static DeviceTrust.Application.Tests.Attestation.Appraisal.AppraisalScenario;

namespace DeviceTrust.Application.Tests.Attestation.Appraisal;

public sealed class AppraiserIdentityTests : IDisposable
{
    private readonly AppraisalScenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    [Fact]
    public void Appraise_HealthyDevice_AffirmingWithRecognizedApprovedApprovedRuntimeGenuine()
    {
        var outcome = _scenario.Appraise();

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Affirming, outcome.Tier);
        Assert.Equal(TrustworthinessVector.Empty
            .With(TrustworthinessClaim.InstanceIdentity, InstanceIdentityValues.Recognized)
            .With(TrustworthinessClaim.Configuration, ConfigurationValues.Approved)
            .With(TrustworthinessClaim.Executables, ExecutablesValues.ApprovedRuntime)
            .With(TrustworthinessClaim.Hardware, HardwareValues.Genuine), outcome.Vector);
        Assert.Equal(Release, outcome.FirmwareVersion);
        Assert.Contains("SN-0001's endorsed attestation key", ReasonFor(outcome, TrustworthinessClaim.InstanceIdentity, InstanceIdentityValues.Recognized));
        Assert.Equal(2, outcome.Reasons.Count(r => r.Claim == TrustworthinessClaim.Executables && r.Value == ExecutablesValues.ApprovedRuntime));
    }

    [Fact]
    public void Appraise_SignatureDoesNotVerify_CryptoValidationFailedAndNothingElseAppraised()
    {
        var encoded = EatEvidence.Build(_scenario.Claims(), _scenario.SigningKey);
        encoded[^1] ^= 0x01;   // the last byte of the 64-byte signature: same kid, broken signature
        var token = EatEvidence.Read(encoded);
        var verified = token.VerifySignature(_scenario.SigningKey);
        Assert.False(verified);

        var outcome = Appraiser.Appraise(_scenario.Input() with { Evidence = token, SignatureVerified = verified });

        AssertCryptoFailed(outcome, "signature does not verify with an attestation key of this device");
    }

    [Fact]
    public void Appraise_NoKey_CryptoValidationFailedAndNothingElseAppraised()
    {
        var outcome = Appraiser.Appraise(_scenario.Input() with { Key = null, SignatureVerified = false });

        AssertCryptoFailed(outcome, "names no active attestation key of this device");
    }

    [Fact]
    public void Appraise_KeyOfAnotherDevice_CryptoValidationFailed()
    {
        var other = Device.Register("SN-0002", _scenario.Class, null, "user:operator", Now);
        var foreignKey = AttestationKey.Registered(other.Id, other.SerialNumber, _scenario.SigningKey.ExportSubjectPublicKeyInfo(), "user:so", Now);

        var outcome = Appraiser.Appraise(_scenario.Input() with { Key = foreignKey });

        AssertCryptoFailed(outcome, "names no active attestation key of this device");
    }

    [Fact]
    public void Appraise_RetiredKey_CryptoValidationFailed()
    {
        _scenario.Key.Retire(_scenario.Device.SerialNumber, "key compromised", "user:so", Now);

        var outcome = _scenario.Appraise();

        AssertCryptoFailed(outcome, "names no active attestation key of this device");
    }

    [Fact]
    public void Appraise_SignedByAnotherKey_CryptoValidationFailed()
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var outcome = Appraiser.Appraise(_scenario.Input(signer: stranger));

        AssertCryptoFailed(outcome, "names no active attestation key of this device");
    }

    [Fact]
    public void Appraise_ForeignNonce_UntrustworthyAndNothingElseAppraised()
    {
        var outcome = _scenario.Appraise(_scenario.Claims() with { Nonce = [RandomNumberGenerator.GetBytes(32)] });

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Contraindicated, outcome.Tier);
        Assert.Equal(TrustworthinessVector.Empty.With(TrustworthinessClaim.InstanceIdentity, InstanceIdentityValues.Untrustworthy), outcome.Vector);
        Assert.Contains(outcome.Reasons, r => r.Text.Contains("not this session's nonce " + Convert.ToHexStringLower(_scenario.Nonce.AsSpan(0, 6)), StringComparison.Ordinal));
        Assert.Contains(outcome.Reasons, r => r.Text.Contains("not appraised", StringComparison.Ordinal));
        Assert.Null(outcome.FirmwareVersion);
    }

    [Fact]
    public void Appraise_SessionNonceAmongSeveral_Fresh()
    {
        var outcome = _scenario.Appraise(_scenario.Claims() with { Nonce = [RandomNumberGenerator.GetBytes(16), _scenario.Nonce] });

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Affirming, outcome.Tier);
        Assert.Equal(InstanceIdentityValues.Recognized, outcome.Vector[TrustworthinessClaim.InstanceIdentity]);
    }

    [Fact]
    public void Appraise_UeidOfAnotherDevice_UntrustworthyAndTheRestStillAppraised()
    {
        var other = Device.Register("SN-0002", _scenario.Class, null, "user:operator", Now);

        var outcome = _scenario.Appraise(_scenario.Claims() with { Ueid = other.Ueid });

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Contraindicated, outcome.Tier);
        Assert.Equal(InstanceIdentityValues.Untrustworthy, outcome.Vector[TrustworthinessClaim.InstanceIdentity]);
        var reason = ReasonFor(outcome, TrustworthinessClaim.InstanceIdentity, InstanceIdentityValues.Untrustworthy);
        Assert.Contains(Convert.ToHexStringLower(other.Ueid.AsSpan(0, 6)), reason, StringComparison.Ordinal);
        Assert.Contains("SN-0001", reason, StringComparison.Ordinal);
        Assert.Equal(HardwareValues.Genuine, outcome.Vector[TrustworthinessClaim.Hardware]);
        Assert.Equal(ExecutablesValues.ApprovedRuntime, outcome.Vector[TrustworthinessClaim.Executables]);
    }

    [Fact]
    public void Appraise_NoUeid_UnrecognizedAndAProfileProblem()
    {
        var outcome = _scenario.Appraise(_scenario.Claims() with { Ueid = null });

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Contraindicated, outcome.Tier);
        Assert.Contains("no ueid", ReasonFor(outcome, TrustworthinessClaim.InstanceIdentity, InstanceIdentityValues.Unrecognized), StringComparison.Ordinal);
        Assert.Contains("ueid (256) is missing", ReasonFor(outcome, TrustworthinessClaim.Configuration, ConfigurationValues.Unsafe), StringComparison.Ordinal);
    }

    private static void AssertCryptoFailed(AppraisalOutcome outcome, string why)
    {
        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Contraindicated, outcome.Tier);
        Assert.Equal(TrustworthinessVector.Empty.With(TrustworthinessClaim.InstanceIdentity, SharedValues.CryptoValidationFailed), outcome.Vector);
        Assert.Contains(outcome.Reasons, r => r.Text.Contains(why, StringComparison.Ordinal));
        Assert.Contains(outcome.Reasons, r => r.Text.StartsWith("configuration, executables, hardware not appraised", StringComparison.Ordinal));
        Assert.Null(outcome.FirmwareVersion);
    }
}
