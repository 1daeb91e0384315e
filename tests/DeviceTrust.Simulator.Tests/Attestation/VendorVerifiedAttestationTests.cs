using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Attestation;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Tests.Infrastructure;

namespace DeviceTrust.Simulator.Tests.Attestation;

/// <summary>
/// A device of a VendorVerified class answers with the same claims MACed (COSE_Mac0, HMAC 256/256) under the secret its
/// factory embedded, named by its kid; the evidence faults keep their meaning. Read with the profile's own reader and
/// checked as the manufacturer's verifier would, with the factory's secret.
/// </summary>
public sealed class VendorVerifiedAttestationTests
{
    private static SimulatedDeviceSpec VendorSpec => AttestingDevice.Spec with { VendorVerified = true };

    [Fact]
    public async Task Attest_VendorVerified_EvidenceIsMacedUnderTheFactorySecretItsKidNames()
    {
        var secret = NewSecret();
        await using var device = await AttestingDevice.StartAsync(spec: VendorSpec, vendorSecret: secret);

        var (challenge, received, outcome) = await device.AttestAsync();

        var evidence = Assert.IsType<ReceivedEvidence>(received);
        Assert.Equal(VerifierApi.EvidenceMediaType, evidence.ContentType);
        Assert.True(VendorEvidence.IsMacEnvelope(evidence.Body));
        var token = VendorEvidence.Read(evidence.Body);
        Assert.Equal(secret.KeyId!.Value.ToArray(), token.KeyId);
        Assert.True(token.VerifyTag(secret));
        Assert.False(token.VerifyTag(NewSecret(secret.KeyId.Value.ToArray())));
        Assert.True(DeviceTrustEatProfile.Check(token.Claims).Conforms, DeviceTrustEatProfile.Check(token.Claims).ToString());
        Assert.Equal(challenge.DecodedNonce(), Assert.Single(token.Claims.Nonce!));
        Assert.Equal(AttestingDevice.Ueid, token.Claims.Ueid);
        Assert.Equal(DeviceTrustEatProfile.HardwareModelOf(AttestingDevice.ClassId), token.Claims.HardwareModel);
        Assert.Equal(EatDebugStatus.DisabledPermanently, token.Claims.DebugStatus);
        Assert.All(DeviceFixtures.Firmware, c => Assert.Equal(SimulatedFirmware.ImageDigest(c.Name, c.Version), Digests(token)[c.Name]));
        Assert.Equal((AttestationAnswer.Appraised, "affirming"), (outcome.Answer, outcome.Verdict));
        Assert.Empty(outcome.Faults);
    }

    [Fact]
    public async Task Attest_VendorVerifiedUnendorsedKey_SameKidButTheTagDoesNotVerifyWithTheFactorySecret()
    {
        var secret = NewSecret();
        await using var device = await AttestingDevice.StartAsync(new FaultInjection { UnendorsedKey = true }, spec: VendorSpec, vendorSecret: secret);

        var (challenge, received, outcome) = await device.AttestAsync();

        var token = VendorEvidence.Read(received!.Body);
        Assert.Equal(secret.KeyId!.Value.ToArray(), token.KeyId);
        Assert.False(token.VerifyTag(secret));
        Assert.Equal(challenge.DecodedNonce(), Assert.Single(token.Claims.Nonce!));
        Assert.True(DeviceTrustEatProfile.Check(token.Claims).Conforms);
        Assert.Equal([nameof(FaultInjection.UnendorsedKey)], outcome.Faults);
    }

    [Fact]
    public async Task Attest_VendorVerifiedTamperedDigest_OnlyTheFirstComponentsDigestDiffersUnderAValidTag()
    {
        var secret = NewSecret();
        await using var device = await AttestingDevice.StartAsync(spec: VendorSpec, vendorSecret: secret);
        var (_, healthy, _) = await device.AttestAsync();

        device.Device.Faults = new FaultInjection { TamperedDigest = true };
        var (_, tampered, outcome) = await device.AttestAsync();

        var before = VendorEvidence.Read(healthy!.Body);
        var after = VendorEvidence.Read(tampered!.Body);
        var (first, second) = (DeviceFixtures.Firmware[0].Name, DeviceFixtures.Firmware[1].Name);
        Assert.NotEqual(Digests(before)[first], Digests(after)[first]);
        Assert.Equal(Digests(before)[second], Digests(after)[second]);
        Assert.True(after.VerifyTag(secret));
        Assert.Equal([nameof(FaultInjection.TamperedDigest)], outcome.Faults);
    }

    [Fact]
    public async Task Attest_VendorVerifiedDebugEnabled_ReportsDbgstatZeroUnderAValidTag()
    {
        var secret = NewSecret();
        await using var device = await AttestingDevice.StartAsync(new FaultInjection { DebugEnabled = true }, spec: VendorSpec, vendorSecret: secret);

        var (_, received, outcome) = await device.AttestAsync();

        var token = VendorEvidence.Read(received!.Body);
        Assert.Equal(EatDebugStatus.Enabled, token.Claims.DebugStatus);
        Assert.True(token.VerifyTag(secret));
        Assert.Equal([nameof(FaultInjection.DebugEnabled)], outcome.Faults);
    }

    [Fact]
    public async Task Attest_VendorVerifiedReplayNonce_SendsTheFirstMacedEvidenceAgain()
    {
        await using var device = await AttestingDevice.StartAsync(new FaultInjection { ReplayNonce = true }, spec: VendorSpec, vendorSecret: NewSecret());

        var (_, first, _) = await device.AttestAsync();
        var (_, second, outcome) = await device.AttestAsync();

        Assert.Equal(first!.Body, second!.Body);
        Assert.Equal([nameof(FaultInjection.ReplayNonce)], outcome.Faults);
    }

    [Fact]
    public async Task Attest_VendorVerifiedWithoutASecret_DeclinesAndSendsNothing()
    {
        await using var device = await AttestingDevice.StartAsync(spec: VendorSpec);

        var (_, evidence, outcome) = await device.AttestAsync();

        Assert.Null(evidence);
        Assert.Equal(AttestationAnswer.Declined, outcome.Answer);
        Assert.Contains("holds no vendor attestation secret", outcome.Problem, StringComparison.Ordinal);
        Assert.Equal(1, device.Summary.Failed);
        Assert.Equal(DeviceStatus.Connected, device.Device.Status);
    }

    [Fact]
    public async Task Attest_EndorsedDeviceHoldingASecret_SignsWithItsAttestationKeyAsBefore()
    {
        await using var device = await AttestingDevice.StartAsync(vendorSecret: NewSecret());

        var (_, received, outcome) = await device.AttestAsync();

        Assert.False(VendorEvidence.IsMacEnvelope(received!.Body));
        var token = AttestingDevice.Read(received);
        using var leaf = X509CertificateLoader.LoadCertificate(Assert.Single(token.Message.ProtectedHeaders.GetCertificates(CoseHeaderLabels.X5Chain)));
        Assert.True(ChainValidator.Validate(leaf, device.Credentials.Endorser.Ca.Certificate, DateTimeOffset.UtcNow).IsValid);
        using var key = leaf.GetECDsaPublicKey()!;
        Assert.True(token.VerifySignature(key));
        Assert.Equal(AttestationAnswer.Appraised, outcome.Answer);
    }

    /// <summary>A factory secret as the simulated manufacturers make them: 32 random bytes, a 16-byte id, HMAC 256/256.</summary>
    internal static CoseSymmetricKey NewSecret(byte[]? keyId = null) =>
        CoseSymmetricKey.FromBytes(RandomNumberGenerator.GetBytes(32), keyId ?? RandomNumberGenerator.GetBytes(16), CoseAlgorithms.HMAC256_256);

    private static Dictionary<string, byte[]> Digests(EatMacToken token) => token.Claims.Submodules!.ToDictionary(
        s => s.Key, s => DeviceTrustEatProfile.ImageDigestOf(Assert.IsType<EatClaimsSubmodule>(s.Value).Claims)!.Value);
}
