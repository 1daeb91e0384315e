using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Tests.Infrastructure;
using DeviceTrust.Simulator.Updates;
using DeviceTrust.Suit;
using DeviceTrust.Suit.Processing;
using DeviceTrust.Suit.Reports;

namespace DeviceTrust.Simulator.Tests.Updates;

/// <summary>
/// A simulated device runs an offer as docs/update-protocol.md says, against envelopes signed by a test FirmwareAuthor:
/// the report it posts is checked as the server would (signature with its attestation key, nonce, manifest digest), and
/// what it runs afterwards is checked against what the manifest installed, or left unchanged on a failure.
/// </summary>
public sealed class DeviceUpdaterTests
{
    [Fact]
    public async Task Run_ValidOffer_InstallsTheImageAndPostsASignedSuccessReportWithNonceAndManifestDigest()
    {
        using var fixture = new UpdateFixture();
        var (offer, envelope, image) = fixture.Publish(3, "1.5.0");

        var outcome = await fixture.RunAsync(offer);

        Assert.Equal((UpdateAnswer.Answered, 204, true, (SuitReportReason?)null), (outcome.Answer, outcome.HttpStatus, outcome.Succeeded, outcome.Reason));
        Assert.Equal((offer.OfferId, offer.ReleaseId), (outcome.OfferId, outcome.ReleaseId));
        Assert.Empty(outcome.Faults);
        var posted = Assert.Single(fixture.Server.Reports);
        Assert.Equal(FirmwareApi.ReportsPath, posted.Path);
        var report = UpdateFixture.VerifiedReport(posted, fixture.AttestationKey);
        Assert.True(report.Succeeded);
        Assert.Equal(offer.Nonce, report.Nonce!.Value.ToArray());
        Assert.Equal(envelope.Authentication.Digest.Bytes.ToArray(), report.Reference.Digest.Bytes.ToArray());
        Assert.Equal(envelope.Authentication.Digest.Algorithm, report.Reference.Digest.Algorithm);

        var firmware = fixture.Firmware.Components.Single(c => c.Name == "firmware");
        Assert.Equal("1.5.0", firmware.Version);
        Assert.Equal(SHA256.HashData(image), firmware.ImageDigest);
        Assert.Equal(image, fixture.Firmware.Image("firmware"));
        Assert.Equal(DeviceFixtures.Firmware[0], fixture.Firmware.Components.Single(c => c.Name == "bootloader"));
        Assert.Equal(3UL, fixture.Firmware.Manifest!.SequenceNumber);
        Assert.Equal(1, fixture.InstalledCalls);
        Assert.Equal([UpdateFixture.ImageUri(image)], fixture.Server.ImageRequests);
    }

    [Fact]
    public async Task Run_AnchorIsACertificate_VerifiesWithItsPublicKey()
    {
        using var fixture = new UpdateFixture();
        var request = new CertificateRequest("CN=Test firmware author", fixture.Author, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        fixture.Server.Anchors.Clear();
        fixture.Server.Anchors.Add(new FirmwareTrustAnchor("catalog", FirmwareTrustAnchor.CertificateFormat, certificate.RawData));
        var (offer, _, _) = fixture.Publish(3, "1.5.0");

        var outcome = await fixture.RunAsync(offer);

        Assert.True(outcome.Succeeded);
        Assert.Equal("1.5.0", fixture.Firmware.Find("firmware")!.Version);
    }

    [Fact]
    public async Task Run_SignedByAStranger_ReportsUnauthorisedAndInstallsNothing()
    {
        using var fixture = new UpdateFixture();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (offer, envelope, _) = fixture.Publish(3, "1.5.0", signer: stranger);

        var outcome = await fixture.RunAsync(offer);

        Assert.Equal((UpdateAnswer.Answered, false, SuitReportReason.Unauthorised), (outcome.Answer, outcome.Succeeded, outcome.Reason));
        var report = UpdateFixture.VerifiedReport(Assert.Single(fixture.Server.Reports), fixture.AttestationKey);
        Assert.Equal(SuitReportReason.Unauthorised, report.Failure!.Reason);
        Assert.Equal(DeviceUpdater.EnvelopeUnauthorisedCode, report.Failure.Code);
        Assert.Equal((DeviceUpdater.EnvelopeSection, 0UL, 0UL), (report.Failure.Record.Section, report.Failure.Record.Offset, report.Failure.Record.ComponentIndex));
        Assert.Empty(report.Records);
        Assert.Equal(envelope.Authentication.Digest.Bytes.ToArray(), report.Reference.Digest.Bytes.ToArray());
        Assert.Equal(offer.Nonce, report.Nonce!.Value.ToArray());
        fixture.AssertNothingInstalled();
        Assert.Empty(fixture.Server.ImageRequests);
    }

    [Fact]
    public async Task Run_EnvelopeDoesNotDecode_ReportsCborParseWithTheDigestOfItsBytes()
    {
        using var fixture = new UpdateFixture();
        var offer = UpdateFixture.Offer(3, "1.5.0");
        byte[] garbage = [0xA1, 0x02, 0x40, 0xFF];
        fixture.Server.Envelopes[offer.EnvelopePath] = garbage;

        var outcome = await fixture.RunAsync(offer);

        Assert.Equal((UpdateAnswer.Answered, false, SuitReportReason.CborParse), (outcome.Answer, outcome.Succeeded, outcome.Reason));
        var report = UpdateFixture.VerifiedReport(Assert.Single(fixture.Server.Reports), fixture.AttestationKey);
        Assert.Equal((SuitReportReason.CborParse, DeviceUpdater.EnvelopeMalformedCode), (report.Failure!.Reason, report.Failure.Code));
        Assert.Equal(SHA256.HashData(garbage), report.Reference.Digest.Bytes.ToArray());
        fixture.AssertNothingInstalled();
    }

    [Fact]
    public async Task Run_ReleaseAlreadyInstalled_IsNotARollback_RunsAgainAndAnswersSuccessWithTheSameImage()
    {
        using var fixture = new UpdateFixture();
        var (offer, _, image) = fixture.Publish(3, "1.5.0");
        await fixture.RunAsync(offer);

        var again = await fixture.RunAsync(offer with { OfferId = Guid.NewGuid(), Nonce = RandomNumberGenerator.GetBytes(32) });

        // The manifest installed last is accepted again (same sequence number, same digest): its procedure runs again.
        Assert.True(again.Succeeded);
        Assert.Equal(2, fixture.Server.Reports.Count);
        Assert.Equal(2, fixture.InstalledCalls);
        Assert.Equal(2, fixture.Server.ImageRequests.Count);
        Assert.Equal(SHA256.HashData(image), fixture.Firmware.Find("firmware")!.ImageDigest);
        Assert.Equal(3UL, fixture.Firmware.Manifest!.SequenceNumber);
    }

    [Fact]
    public async Task Run_OlderReleaseAfterANewerOne_RefusesItAsARollback()
    {
        using var fixture = new UpdateFixture();
        var (newer, _, newerImage) = fixture.Publish(4, "1.6.0");
        var (older, _, _) = fixture.Publish(3, "1.5.0");
        await fixture.RunAsync(newer);

        var outcome = await fixture.RunAsync(older);

        Assert.Equal((false, SuitReportReason.ConditionFailed), (outcome.Succeeded, outcome.Reason));
        Assert.Equal("1.6.0", fixture.Firmware.Find("firmware")!.Version);
        Assert.Equal(SHA256.HashData(newerImage), fixture.Firmware.Find("firmware")!.ImageDigest);
    }

    [Fact]
    public async Task Run_ServerRefusesTheReport_IsRefusedWithItsStatus()
    {
        using var fixture = new UpdateFixture();
        var (offer, _, _) = fixture.Publish(3, "1.5.0");
        fixture.Server.ReportStatus = 409;

        var outcome = await fixture.RunAsync(offer);

        Assert.Equal((UpdateAnswer.Refused, 409, true), (outcome.Answer, outcome.HttpStatus, outcome.Succeeded));
        Assert.Contains("409", outcome.Problem);
    }

    [Fact]
    public async Task Run_EnvelopeNotFound_FailsWithoutAReport()
    {
        using var fixture = new UpdateFixture();

        var outcome = await fixture.RunAsync(UpdateFixture.Offer(3, "1.5.0"));

        Assert.Equal(UpdateAnswer.Failed, outcome.Answer);
        Assert.Contains("404", outcome.Problem);
        Assert.Empty(fixture.Server.Reports);
        fixture.AssertNothingInstalled();
    }

    [Fact]
    public async Task Run_VendorIdUnknown_ReportsTheVendorConditionFailed()
    {
        using var fixture = new UpdateFixture(DeviceFixtures.Spec(UpdateFixture.Serial) with { ClassId = UpdateFixture.ClassId });
        var (offer, _, _) = fixture.Publish(3, "1.5.0");

        var outcome = await fixture.RunAsync(offer);

        Assert.Equal((false, SuitReportReason.ConditionFailed), (outcome.Succeeded, outcome.Reason));
        Assert.Contains("condition-vendor-identifier", outcome.Problem);
        fixture.AssertNothingInstalled();
    }

    [Fact]
    public async Task Run_ImageForAComponentTheDeviceLacks_ReportsComponentUnsupported()
    {
        using var fixture = new UpdateFixture();
        var image = Encoding.UTF8.GetBytes("radio image");
        var manifest = new SuitManifestBuilder(3, UpdateFixture.VendorId.ToByteArray(bigEndian: true), UpdateFixture.ClassId.ToByteArray(bigEndian: true))
            .AddImage(new SuitImage([Encoding.UTF8.GetBytes("radio")], SHA256.HashData(image), (ulong)image.Length) { Uri = UpdateFixture.ImageUri(image) })
            .Build();
        var offer = UpdateFixture.Offer(3, "9.0");
        fixture.Server.Envelopes[offer.EnvelopePath] = SuitSigner.Sign(manifest, fixture.Author, DeviceTrust.Cose.CoseAlgorithms.ES256);

        var outcome = await fixture.RunAsync(offer);

        Assert.Equal((false, SuitReportReason.ComponentUnsupported), (outcome.Succeeded, outcome.Reason));
        fixture.AssertNothingInstalled();
    }
}
