using System.Security.Cryptography;
using DeviceTrust.Application.Attestation.Appraisal;
using DeviceTrust.Application.Attestation.Vendor;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using static DeviceTrust.Application.Tests.Attestation.Appraisal.AppraisalScenario;

namespace DeviceTrust.Application.Tests.Attestation.Appraisal;

/// <summary>
/// MACed evidence of a VendorVerified class: the manufacturer's verifier stands where the key and signature check would;
/// everything else is appraised here, and the manufacturer's word on other claims counts too.
/// </summary>
public sealed class AppraiserVendorTests : IDisposable
{
    private const string Verifier = "Kumo Devices Attestation Verifier (DEV-ONLY)";
    private readonly AppraisalScenario _scenario = new();
    private readonly CoseSymmetricKey _secret = CoseSymmetricKey.FromBytes(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(16), VendorEvidence.Algorithm);

    public void Dispose() => _scenario.Dispose();

    private static readonly TrustworthinessVector Affirmed = TrustworthinessVector.Empty
        .With(TrustworthinessClaim.InstanceIdentity, InstanceIdentityValues.Recognized).With(TrustworthinessClaim.Hardware, HardwareValues.Genuine);

    private AppraisalInput Input(VendorVouching vendor, EatClaimsSet? claims = null) =>
        _scenario.Input() with { Evidence = VendorEvidence.Read(VendorEvidence.Build(claims ?? _scenario.Claims(), _secret)), Key = null, SignatureVerified = false, Vendor = vendor };

    [Fact]
    public void Vouched_Affirming_TheReasonsSayWhoVouched()
    {
        var outcome = Appraiser.Appraise(Input(new VendorVouching(Verifier, true, "checked", Affirmed)));

        AssertWellFormed(outcome);
        Assert.Equal(TrustTier.Affirming, outcome.Tier);
        var identity = ReasonFor(outcome, TrustworthinessClaim.InstanceIdentity, InstanceIdentityValues.Recognized);
        Assert.StartsWith($"MACed with the secret {_scenario.Device.SerialNumber}'s factory embedded (kid {Convert.ToHexStringLower(_secret.KeyId!.Value.Span[..6])}… (16 bytes))", identity, StringComparison.Ordinal);
        Assert.Contains($"vouched for by {Verifier}", identity, StringComparison.Ordinal);
        // Our hwmodel check; the manufacturer's affirming word on the hardware adds nothing to it.
        Assert.EndsWith($"as {Verifier} vouched", Assert.Single(outcome.Reasons, r => r.Claim == TrustworthinessClaim.Hardware).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Refused_Contraindicated99_NothingElseAppraised()
    {
        var outcome = Appraiser.Appraise(Input(VendorVouching.Refused(Verifier, "the manufacturer did not vouch for the MAC")));

        Assert.Equal(TrustTier.Contraindicated, outcome.Tier);
        Assert.Equal(SharedValues.CryptoValidationFailed, outcome.Vector[TrustworthinessClaim.InstanceIdentity]);
        Assert.Equal("the manufacturer did not vouch for the MAC", outcome.Reasons[0].Text);
        Assert.Null(outcome.Vector[TrustworthinessClaim.Executables]);
        Assert.Null(outcome.FirmwareVersion);
    }

    [Fact]
    public void Vouched_ButTheVendorFlagsTheHardware_TheWorseFindingDecides()
    {
        var vendor = new VendorVouching(Verifier, true, "checked", Affirmed.With(TrustworthinessClaim.Hardware, HardwareValues.Contraindicated));

        var outcome = Appraiser.Appraise(Input(vendor));

        Assert.Equal(TrustTier.Contraindicated, outcome.Tier);
        Assert.Equal(HardwareValues.Contraindicated, outcome.Vector[TrustworthinessClaim.Hardware]);
        Assert.Contains(outcome.Reasons, r => r.Claim == TrustworthinessClaim.Hardware && r.Text.StartsWith($"{Verifier} says hardware 96", StringComparison.Ordinal));
    }

    [Fact]
    public void Vouched_NotThisSessionsNonce_StillAReplay96()
    {
        var outcome = Appraiser.Appraise(Input(new VendorVouching(Verifier, true, "checked", Affirmed), _scenario.Claims() with { Nonce = [RandomNumberGenerator.GetBytes(32)] }));

        Assert.Equal(InstanceIdentityValues.Untrustworthy, outcome.Vector[TrustworthinessClaim.InstanceIdentity]);
    }
}
