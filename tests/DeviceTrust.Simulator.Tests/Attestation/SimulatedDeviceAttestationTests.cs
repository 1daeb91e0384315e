using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Attestation;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace DeviceTrust.Simulator.Tests.Attestation;

/// <summary>
/// A simulated device answers attestation challenges as the DeviceTrust server makes them: "Attest" over its hub
/// connection, evidence over mutual TLS to the session. The evidence is read with the profile's own reader and checked as
/// the verifier would; the server here records and answers, it does not appraise.
/// </summary>
public sealed class SimulatedDeviceAttestationTests
{
    private const string Serial = AttestingDevice.Serial;
    private const string EvidenceMediaType = "application/eat+cwt; eat_profile=\"tag:devicetrust.dev,2026:eat/v1\"";

    [Fact]
    public async Task Attest_Requested_EvidenceFollowsTheProfileSignedByTheEndorsedAttestationKeyWithItsX5Chain()
    {
        await using var device = await AttestingDevice.StartAsync();

        var (challenge, received, outcome) = await device.AttestAsync();

        var evidence = Assert.IsType<ReceivedEvidence>(received);
        Assert.Equal(challenge.Session, evidence.Session);
        Assert.Equal(EvidenceMediaType, evidence.ContentType);
        var token = AttestingDevice.Read(evidence);
        Assert.True(DeviceTrustEatProfile.Check(token.Claims).Conforms, DeviceTrustEatProfile.Check(token.Claims).ToString());
        Assert.Equal(DeviceTrustEatProfile.ProfileUri, token.Claims.Profile?.Uri);
        Assert.Equal(challenge.DecodedNonce(), Assert.Single(token.Claims.Nonce!));
        Assert.Equal(AttestingDevice.Ueid, token.Claims.Ueid);
        Assert.Equal(Convert.FromHexString("b322e9c7470355ea9837bb955838a83d"), token.Claims.HardwareModel);
        Assert.Equal(EatDebugStatus.DisabledPermanently, token.Claims.DebugStatus);
        Assert.NotNull(token.Claims.IssuedAt);
        Assert.Equal(
            DeviceFixtures.Firmware.ToDictionary(c => c.Name, c => SHA256.HashData(Encoding.UTF8.GetBytes($"DEV-ONLY simulated image {c.Name} {c.Version}"))),
            AttestingDevice.Digests(token));

        // What the verifier does with a kid it does not know: the x5chain leaf names the serial, chains to the
        // manufacturer's endorsement CA and certifies the key the kid names, which verifies the signature.
        using var leaf = X509CertificateLoader.LoadCertificate(Assert.Single(token.Message.ProtectedHeaders.GetCertificates(CoseHeaderLabels.X5Chain)));
        Assert.Equal(Serial, DeviceCertificateFields.SubjectSerialNumber(leaf));
        Assert.True(ChainValidator.Validate(leaf, device.Credentials.Endorser.Ca.Certificate, DateTimeOffset.UtcNow).IsValid);
        using var key = leaf.GetECDsaPublicKey()!;
        Assert.True(EatEvidence.KeyIdMatches(token, key));
        Assert.True(token.VerifySignature(key));

        Assert.Equal(AttestationAnswer.Appraised, outcome.Answer);
        Assert.Equal((200, "complete", "affirming"), (outcome.HttpStatus, outcome.SessionStatus, outcome.Verdict));
        Assert.Empty(outcome.Faults);
        Assert.Equal(new AttestationSummary(1, 0, 0, 0, outcome), device.Summary);
    }

    [Fact]
    public async Task Attest_TamperedDigest_OnlyTheFirstComponentsDigestDiffers()
    {
        await using var device = await AttestingDevice.StartAsync();
        var (_, healthy, _) = await device.AttestAsync();

        device.Device.Faults = new FaultInjection { TamperedDigest = true };
        var (_, tampered, outcome) = await device.AttestAsync();

        var before = AttestingDevice.Read(healthy!);
        var after = AttestingDevice.Read(tampered!);
        var (first, second) = (DeviceFixtures.Firmware[0].Name, DeviceFixtures.Firmware[1].Name);
        Assert.NotEqual(AttestingDevice.Digests(before)[first], AttestingDevice.Digests(after)[first]);
        Assert.Equal(AttestingDevice.Digests(before)[second], AttestingDevice.Digests(after)[second]);
        Assert.Equal(before.KeyId, after.KeyId);
        Assert.Equal(before.Claims.DebugStatus, after.Claims.DebugStatus);
        Assert.True(DeviceTrustEatProfile.Check(after.Claims).Conforms);
        Assert.Equal([nameof(FaultInjection.TamperedDigest)], outcome.Faults);
    }

    [Fact]
    public async Task Attest_DebugEnabled_ReportsDbgstatZeroAndTheTrueDigests()
    {
        await using var device = await AttestingDevice.StartAsync(new FaultInjection { DebugEnabled = true });

        var (_, received, outcome) = await device.AttestAsync();

        var token = AttestingDevice.Read(received!);
        Assert.Equal(EatDebugStatus.Enabled, token.Claims.DebugStatus);
        Assert.All(DeviceFixtures.Firmware, c => Assert.Equal(SimulatedFirmware.ImageDigest(c.Name, c.Version), AttestingDevice.Digests(token)[c.Name]));
        Assert.Equal([nameof(FaultInjection.DebugEnabled)], outcome.Faults);
    }

    [Fact]
    public async Task Attest_ReplayNonce_FirstAnswersFreshThenSendsThatEvidenceUnchangedToTheNextSession()
    {
        await using var device = await AttestingDevice.StartAsync(new FaultInjection { ReplayNonce = true });

        var (firstChallenge, first, firstOutcome) = await device.AttestAsync();
        var (secondChallenge, second, secondOutcome) = await device.AttestAsync();

        // Nothing to replay yet: the first session gets fresh evidence, which the second then gets again.
        Assert.Equal(firstChallenge.DecodedNonce(), Assert.Single(AttestingDevice.Read(first!).Claims.Nonce!));
        Assert.Empty(firstOutcome.Faults);
        Assert.Equal(secondChallenge.Session, second!.Session);
        Assert.Equal(first!.Body, second.Body);
        Assert.NotEqual(secondChallenge.DecodedNonce(), Assert.Single(AttestingDevice.Read(second).Claims.Nonce!));
        Assert.Equal([nameof(FaultInjection.ReplayNonce)], secondOutcome.Faults);
    }

    [Fact]
    public async Task Attest_UnendorsedKey_SignsWithAFreshKeyInASelfSignedCertificateNamingTheSerial()
    {
        await using var device = await AttestingDevice.StartAsync();
        var (_, healthy, _) = await device.AttestAsync();

        device.Device.Faults = new FaultInjection { UnendorsedKey = true };
        var (_, received, outcome) = await device.AttestAsync();

        var token = AttestingDevice.Read(received!);
        using var leaf = X509CertificateLoader.LoadCertificate(Assert.Single(token.Message.ProtectedHeaders.GetCertificates(CoseHeaderLabels.X5Chain)));
        Assert.Equal(Serial, DeviceCertificateFields.SubjectSerialNumber(leaf));
        Assert.Equal(leaf.SubjectName.RawData, leaf.IssuerName.RawData);
        Assert.False(ChainValidator.Validate(leaf, device.Credentials.Endorser.Ca.Certificate, DateTimeOffset.UtcNow).IsValid);
        using var key = leaf.GetECDsaPublicKey()!;
        Assert.True(EatEvidence.KeyIdMatches(token, key));
        Assert.True(token.VerifySignature(key));
        Assert.NotEqual(AttestingDevice.Read(healthy!).KeyId, token.KeyId);
        Assert.True(DeviceTrustEatProfile.Check(token.Claims).Conforms);
        Assert.Equal([nameof(FaultInjection.UnendorsedKey)], outcome.Faults);
    }

    [Fact]
    public async Task Attest_LateAnswer_PostsOnlyAfterTheSessionExpiredAndTheRefusalIsKept()
    {
        var time = new TimerCountingTimeProvider(DateTimeOffset.UtcNow);
        await using var device = await AttestingDevice.StartAsync(new FaultInjection { LateAnswer = true }, time);
        var timers = time.TimersCreated;
        var challenge = device.Server.Verifier.NewChallenge();

        var answering = device.AnswerAsync(async () =>
        {
            await device.Server.SendAttestAsync(Serial, challenge);
            await Wait.UntilAsync(() => time.TimersCreated > timers, "the device waits to answer");
            Assert.Empty(device.Server.Verifier.Evidence(Serial));
            time.Advance(challenge.Expiry - time.GetUtcNow() + TimeSpan.FromSeconds(2));
        });
        var (received, outcome) = await answering;

        Assert.NotNull(received);
        Assert.Equal(AttestationAnswer.Refused, outcome.Answer);
        Assert.Equal(StatusCodes.Status409Conflict, outcome.HttpStatus);
        Assert.Contains("expired", outcome.Problem, StringComparison.Ordinal);
        Assert.True(outcome.At > challenge.Expiry);
        Assert.Equal([nameof(FaultInjection.LateAnswer)], outcome.Faults);
        Assert.Equal(1, device.Summary.Refused);
    }

    [Fact]
    public async Task Attest_Contraindicated_TheVerdictIsReadFromTheResult()
    {
        await using var device = await AttestingDevice.StartAsync();
        device.Server.Verifier.Verdict = TrustTier.Contraindicated;

        var (_, _, outcome) = await device.AttestAsync();

        Assert.Equal(AttestationAnswer.Appraised, outcome.Answer);
        Assert.Equal("contraindicated", outcome.Verdict);
    }

    [Fact]
    public async Task Attest_VerifierRefuses_TheProblemIsKeptAndCountedAndTheDeviceCarriesOn()
    {
        await using var device = await AttestingDevice.StartAsync();
        device.Server.Verifier.Answer = _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict",
            detail: "A session takes one answer.");

        var (_, refusedEvidence, refused) = await device.AttestAsync();
        device.Server.Verifier.Answer = null;
        var (_, _, appraised) = await device.AttestAsync();

        Assert.NotNull(refusedEvidence);
        Assert.Equal((AttestationAnswer.Refused, 409), (refused.Answer, refused.HttpStatus));
        Assert.Equal("HTTP 409 Conflict: A session takes one answer.", refused.Problem);
        Assert.Equal(AttestationAnswer.Appraised, appraised.Answer);
        Assert.Equal((1, 1), (device.Summary.Appraised, device.Summary.Refused));
        Assert.Equal(DeviceStatus.Connected, device.Device.Status);
    }

    public static TheoryData<string> MalformedRequests =>
        ["a string", "a number", "null", "no session", "another host", "a traversal", "a bad nonce", "a short nonce", "a bad expiry"];

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task Attest_MalformedRequest_IsIgnoredAndTheNextOneAnswered(string malformed)
    {
        await using var device = await AttestingDevice.StartAsync();
        var valid = device.Server.Verifier.NewChallenge();
        var session = valid.Session;
        object? request = malformed switch
        {
            "a string" => "please attest",
            "a number" => 42,
            "null" => null,
            "no session" => new { nonce = valid.Nonce, expiry = valid.Expiry },
            "another host" => new { session = "https://verifier.example" + session, nonce = valid.Nonce, expiry = valid.Expiry },
            "a traversal" => new { session = VerifierApi.SessionPathPrefix + "../../hubs/devices", nonce = valid.Nonce, expiry = valid.Expiry },
            "a bad nonce" => new { session, nonce = "not base64url!", expiry = valid.Expiry },
            "a short nonce" => new { session, nonce = "AAECAw", expiry = valid.Expiry },
            _ => new { session, nonce = valid.Nonce, expiry = "tomorrow" },
        };

        await device.Server.SendAttestAsync(Serial, request);
        await Wait.UntilAsync(() => device.Summary.Ignored == 1, "the malformed request was ignored");
        var (_, evidence, outcome) = await device.AttestAsync();

        Assert.Equal(AttestationAnswer.Appraised, outcome.Answer);
        Assert.Equal(evidence, Assert.Single(device.Server.Verifier.Evidence(Serial)));
        Assert.Equal(new AttestationSummary(1, 0, 0, 1, outcome), device.Summary);
    }

    public static TheoryData<string, string> CannotAttest => new()
    {
        { "no attestation key", "holds no attestation key" },
        { "no ueid", "does not know its UEID" },
        { "no class-id", "does not know its class-id" },
    };

    [Theory]
    [MemberData(nameof(CannotAttest))]
    public async Task Attest_DeviceLackingWhatTheProfileNeeds_DeclinesAndSendsNothing(string lacking, string problem)
    {
        await using var device = await AttestingDevice.StartAsync(
            withAttestationKey: lacking != "no attestation key",
            spec: lacking switch
            {
                "no ueid" => AttestingDevice.Spec with { Ueid = null },
                "no class-id" => AttestingDevice.Spec with { ClassId = null },
                _ => AttestingDevice.Spec,
            });

        var (_, evidence, outcome) = await device.AttestAsync();

        Assert.Null(evidence);
        Assert.Equal(AttestationAnswer.Declined, outcome.Answer);
        Assert.Contains(problem, outcome.Problem, StringComparison.Ordinal);
        Assert.Equal(1, device.Summary.Failed);
        Assert.Equal(DeviceStatus.Connected, device.Device.Status);
    }

    [Fact]
    public async Task AttestAsync_DeviceOpensItsOwnSession_AnswersItAsItAnswersTheServer()
    {
        await using var device = await AttestingDevice.StartAsync();

        var (evidence, outcome) = await device.AnswerAsync(() => device.Device.AttestAsync(TestContext.Current.CancellationToken));

        Assert.NotNull(evidence);
        Assert.StartsWith(VerifierApi.SessionPathPrefix, evidence.Session, StringComparison.Ordinal);
        Assert.Equal(device.Server.Verifier.NonceOf(evidence.Session), Assert.Single(AttestingDevice.Read(evidence).Claims.Nonce!));
        Assert.Equal((AttestationAnswer.Appraised, "affirming"), (outcome.Answer, outcome.Verdict));
        Assert.Equal(evidence.Session, outcome.Session);
    }

    [Fact]
    public async Task AttestAsync_NotConnected_InvalidOperation()
    {
        var device = new SimulatedDevice(AttestingDevice.Spec, DeviceFixtures.Settings(DeviceFixtures.Nowhere, new TestCredentials(new TestCa())), seed: 1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => device.AttestAsync(TestContext.Current.CancellationToken));
    }
}
