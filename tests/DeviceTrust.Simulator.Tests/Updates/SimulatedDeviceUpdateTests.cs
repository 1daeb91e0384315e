using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Tests.Attestation;
using DeviceTrust.Simulator.Tests.Infrastructure;
using DeviceTrust.Simulator.Updates;
using DeviceTrust.Suit;
using DeviceTrust.Suit.Reports;

namespace DeviceTrust.Simulator.Tests.Updates;

/// <summary>
/// A running simulated device takes an offer over its hub connection ("UpdateAvailable"), fetches from and reports to a
/// real HTTPS server with its LDevID, tells the hub its new firmware, and attests to the image it installed.
/// </summary>
public sealed class SimulatedDeviceUpdateTests
{
    private const string Serial = AttestingDevice.Serial;

    [Fact]
    public async Task UpdateAvailable_ValidOffer_ReportsSignedSuccessThenNewFirmwareOnTheHubAndInEvidence()
    {
        await using var device = await UpdatingDevice.StartAsync();
        var (offer, envelope, image) = device.Fixture.Publish(3, "1.5.0");

        var outcome = await device.OfferAsync(offer);

        Assert.Equal((UpdateAnswer.Answered, 204, true), (outcome.Answer, outcome.HttpStatus, outcome.Succeeded));
        var received = Assert.Single(device.Server.Reports(Serial));
        Assert.Equal(FirmwareApi.ReportMediaType, received.ContentType);
        var report = SuitSignedReport.Decode(received.Body);
        Assert.Equal(offer.Nonce, report.Report.Nonce!.Value.ToArray());
        Assert.Equal(envelope.Authentication.Digest.Bytes.ToArray(), report.Report.Reference.Digest.Bytes.ToArray());
        await Wait.UntilAsync(() => device.Firmware().Any(c => c is { Name: "firmware", Version: "1.5.0" }), "the device reported its new firmware");

        var token = await device.AttestAsync();
        Assert.Equal(SHA256.HashData(image), AttestingDevice.Digests(token)["firmware"]);
        Assert.Equal(SimulatedFirmwareDigest("bootloader", "2.1.0"), AttestingDevice.Digests(token)["bootloader"]);
        Assert.Equal("1.5.0", Assert.IsType<EatClaimsSubmodule>(token.Claims.Submodules!["firmware"]).Claims.SoftwareVersion?.Version);
        using var attestationKey = AttestationKeyOf(token);
        Assert.True(report.Verify(attestationKey), "the report is signed with the key its evidence is signed with");
        Assert.Equal(new UpdateSummary(1, 0, 0, 0, outcome), device.Device.GetSnapshot().Updates);
    }

    [Fact]
    public async Task UpdateAvailable_InstalledThenSimulatorRestarted_DeviceRunsReportsAndAttestsWhatItStoredAndRefusesAnOlderRelease()
    {
        var directory = Directory.CreateTempSubdirectory("devicetrust-firmware-");
        try
        {
            var storage = new DirectoryDeviceStorage(directory.FullName);
            await using var device = await UpdatingDevice.StartAsync(storage: storage);
            var (newer, envelope, image) = device.Fixture.Publish(3, "1.5.0");
            var (older, _, _) = device.Fixture.Publish(2, "1.4.0");
            Assert.True((await device.OfferAsync(newer)).Succeeded);
            await Wait.UntilAsync(() => device.Firmware().Any(c => c is { Name: "firmware", Version: "1.5.0" }), "the device reported what it installed");

            // A new device object for the same serial and spec (the factory's firmware), as a restarted simulator makes it.
            var reportedBefore = device.FirmwareReports().Count;
            await device.RestartAsync();

            await Wait.UntilAsync(() => device.FirmwareReports().Count > reportedBefore, "the restarted device reported its firmware");
            Assert.Equal(("1.5.0", "2.1.0"), (Version(device.FirmwareReports()[reportedBefore], "firmware"), Version(device.FirmwareReports()[reportedBefore], "bootloader")));
            var token = await device.AttestAsync();
            Assert.Equal(SHA256.HashData(image), AttestingDevice.Digests(token)["firmware"]);
            Assert.Equal("1.5.0", Assert.IsType<EatClaimsSubmodule>(token.Claims.Submodules!["firmware"]).Claims.SoftwareVersion?.Version);
            var refused = await device.OfferAsync(older);
            Assert.Equal((UpdateAnswer.Answered, false, SuitReportReason.ConditionFailed), (refused.Answer, refused.Succeeded, refused.Reason));
            var stored = await storage.LoadFirmwareAsync(Serial, TestContext.Current.CancellationToken);
            Assert.Equal(3UL, stored!.ManifestSequenceNumber);
            Assert.Equal(envelope.Authentication.Digest.Bytes.ToArray(), stored.ManifestDigest);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task UpdateAvailable_ContraindicatedAfterInstall_EvidenceReportsATamperedDigestForTheUpdatedComponent()
    {
        await using var device = await UpdatingDevice.StartAsync(new FaultInjection { ContraindicatedAfterInstall = true });
        var (offer, _, image) = device.Fixture.Publish(3, "1.5.0");

        var outcome = await device.OfferAsync(offer);
        var token = await device.AttestAsync();

        Assert.True(outcome.Succeeded);
        var reported = AttestingDevice.Digests(token);
        Assert.NotEqual(SHA256.HashData(image), reported["firmware"]);
        Assert.Equal(SHA256.HashData(image)[1..], reported["firmware"][1..]);
        Assert.Equal(SimulatedFirmwareDigest("bootloader", "2.1.0"), reported["bootloader"]);
        Assert.Contains(nameof(FaultInjection.ContraindicatedAfterInstall), device.Device.GetSnapshot().Attestation!.Last!.Faults);
    }

    [Fact]
    public async Task UpdateAvailable_VendorVerified_SignsTheReportWithTheLdevidKey()
    {
        await using var device = await UpdatingDevice.StartAsync(spec: UpdatingDevice.Spec with { VendorVerified = true });
        var (offer, _, _) = device.Fixture.Publish(3, "1.5.0");

        var outcome = await device.OfferAsync(offer);

        Assert.True(outcome.Succeeded);
        var report = SuitSignedReport.Decode(Assert.Single(device.Server.Reports(Serial)).Body);
        using var ldevid = device.Server.Ldevid(Serial).GetECDsaPublicKey()!;
        Assert.True(report.Verify(ldevid));
    }

    [Fact]
    public async Task UpdateAvailable_MalformedOffer_IsIgnoredAndCounted()
    {
        await using var device = await UpdatingDevice.StartAsync();

        await device.Server.SendAsync(Serial, "UpdateAvailable", new { offerId = "x", envelopePath = "https://evil.example/envelope" });
        await Wait.UntilAsync(() => device.Device.GetSnapshot().Updates!.Ignored == 1, "the device ignored the offer");

        Assert.Equal(new UpdateSummary(0, 0, 0, 1, null), device.Device.GetSnapshot().Updates);
        Assert.Empty(device.Server.Reports(Serial));
        Assert.Equal(0, device.Server.Firmware.AnchorRequests);
    }

    [Fact]
    public async Task UpdateAvailable_OfflineMidUpdate_DropsTheConnectionSendsNoReportAndReconnects()
    {
        await using var device = await UpdatingDevice.StartAsync(new FaultInjection { OfflineMidUpdate = true });
        var (offer, _, _) = device.Fixture.Publish(3, "1.5.0");
        var reconnects = device.Device.GetSnapshot().Reconnects;

        var outcome = await device.OfferAsync(offer);
        await Wait.UntilAsync(() => device.Device.GetSnapshot() is { Status: DeviceStatus.Connected } s && s.Reconnects > reconnects,
            "the device reconnected");

        Assert.Equal(UpdateAnswer.Failed, outcome.Answer);
        Assert.Equal([nameof(FaultInjection.OfflineMidUpdate)], outcome.Faults);
        Assert.Empty(device.Server.Reports(Serial));
        Assert.Empty(device.Server.Firmware.ImageRequests);
    }

    private static string? Version(WireFirmware report, string component) => report.Components.SingleOrDefault(c => c.Name == component)?.Version;

    private static byte[] SimulatedFirmwareDigest(string component, string version) =>
        DeviceTrust.Simulator.Attestation.SimulatedFirmware.ImageDigest(component, version);

    private static ECDsa AttestationKeyOf(EatToken token)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(Assert.Single(token.Message.ProtectedHeaders.GetCertificates(CoseHeaderLabels.X5Chain)));
        return leaf.GetECDsaPublicKey()!;
    }

    /// <summary>A device of the fixture's class, running against an <see cref="UpdateTestServer"/>, and the fixture that publishes to it.</summary>
    private sealed class UpdatingDevice : IAsyncDisposable
    {
        private readonly SimulatedDeviceSpec _spec;
        private readonly SimulationSettings _settings;
        private readonly FaultInjection? _faults;
        private DeviceRun _run;

        private UpdatingDevice(UpdateTestServer server, SimulatedDeviceSpec spec, SimulationSettings settings, FaultInjection? faults)
        {
            Server = server;
            (_spec, _settings, _faults) = (spec, settings, faults);
            Device = new SimulatedDevice(spec, settings, seed: 7, faults);
            Fixture = new UpdateFixture(server: server.Firmware);
            _run = DeviceRun.Start(Device);
        }

        public static SimulatedDeviceSpec Spec => AttestingDevice.Spec with { VendorId = UpdateFixture.VendorId, ClassId = UpdateFixture.ClassId };

        public UpdateTestServer Server { get; }

        public SimulatedDevice Device { get; private set; }

        public UpdateFixture Fixture { get; }

        public static async Task<UpdatingDevice> StartAsync(FaultInjection? faults = null, SimulatedDeviceSpec? spec = null, IDeviceStorage? storage = null)
        {
            var server = await UpdateTestServer.StartAsync();
            var credentials = server.NewCredentials();
            var settings = DeviceFixtures.Settings(server.Url, credentials) with { Storage = storage };
            var device = new UpdatingDevice(server, spec ?? Spec, settings, faults);
            await Wait.UntilAsync(() => server.Recorder.Telemetry(Serial).Count > 0, "the device connected and sent a reading");
            return device;
        }

        /// <summary>Stops the device and starts a new one of the same spec, settings and storage, and waits for its first reading.</summary>
        public async Task RestartAsync()
        {
            await _run.DisposeAsync();
            var readings = Server.Recorder.Telemetry(Serial).Count;
            Device = new SimulatedDevice(_spec, _settings, seed: 7, _faults);
            _run = DeviceRun.Start(Device);
            await Wait.UntilAsync(() => Server.Recorder.Telemetry(Serial).Count > readings, "the restarted device connected and sent a reading");
        }

        /// <summary>Sends the offer as the server does and waits for the device's outcome.</summary>
        public async Task<UpdateOutcome> OfferAsync(UpdateOffer offer)
        {
            await Server.SendAsync(Serial, "UpdateAvailable", new
            {
                offerId = offer.OfferId,
                releaseId = offer.ReleaseId,
                envelopePath = offer.EnvelopePath,
                reportPath = offer.ReportPath,
                nonce = Base64Url.EncodeToString(offer.Nonce),
                sequenceNumber = offer.SequenceNumber,
                version = offer.Version,
            });
            return await Wait.ForAsync(() => Task.FromResult(Device.GetSnapshot().Updates?.Last is { } last && last.OfferId == offer.OfferId ? last : null),
                "the device's outcome of the offer");
        }

        public IReadOnlyList<WireComponent> Firmware() => FirmwareReports().LastOrDefault()?.Components ?? [];

        public IReadOnlyList<WireFirmware> FirmwareReports() => [.. Server.Recorder.Calls(Serial).Select(c => c.Argument).OfType<WireFirmware>()];

        public async Task<EatToken> AttestAsync()
        {
            var challenge = Server.Verifier.NewChallenge();
            var before = Server.Verifier.Evidence(Serial).Count;
            await Server.SendAsync(Serial, "Attest", challenge);
            await Wait.UntilAsync(() => Server.Verifier.Evidence(Serial).Count > before && Device.GetSnapshot().Attestation!.Last is not null,
                "the device answered the challenge");
            return AttestingDevice.Read(Server.Verifier.Evidence(Serial)[^1]);
        }

        public async ValueTask DisposeAsync()
        {
            await _run.DisposeAsync();
            await Server.DisposeAsync();
        }
    }
}
