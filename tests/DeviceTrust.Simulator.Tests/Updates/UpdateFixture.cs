using System.Security.Cryptography;
using System.Text;
using DeviceTrust.Cose;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Tests.Infrastructure;
using DeviceTrust.Simulator.Updates;
using DeviceTrust.Suit;
using DeviceTrust.Suit.Reports;

namespace DeviceTrust.Simulator.Tests.Updates;

/// <summary>
/// A device of one class with its firmware and attestation key, a firmware author (a test key as the FirmwareAuthor
/// anchor) and the envelopes it signs as the catalog would (component id [UTF-8 name], component-version text in "en",
/// image URI under the catalog's image base), served by an <see cref="InProcessUpdateServer"/>.
/// </summary>
internal sealed class UpdateFixture : IDisposable
{
    public const string Serial = "ACME-T1-UPD-00001";
    public const string ImageBase = "https://catalog.example/firmware/images/";
    public static readonly Guid VendorId = Guid.Parse("fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe");
    public static readonly Guid ClassId = Guid.Parse("1492af14-2569-5e48-bf42-9b2d51f2ab45");

    public UpdateFixture(SimulatedDeviceSpec? spec = null, InProcessUpdateServer? server = null)
    {
        Server = server ?? new InProcessUpdateServer();
        Spec = spec ?? DeviceFixtures.Spec(Serial) with { VendorId = VendorId, ClassId = ClassId };
        Firmware = new InstalledFirmware(Spec.Firmware);
        Server.Anchors.Add(new FirmwareTrustAnchor("test author", FirmwareTrustAnchor.SpkiFormat, Author.ExportSubjectPublicKeyInfo()));
    }

    public ECDsa Author { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ECDsa AttestationKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public SimulatedDeviceSpec Spec { get; }

    public InstalledFirmware Firmware { get; }

    public InProcessUpdateServer Server { get; }

    public int InstalledCalls { get; private set; }

    public int OfflineCalls { get; private set; }

    public static byte[] ImageOf(string version) => Encoding.UTF8.GetBytes($"firmware image {version}, not simulated");

    public static string ImageUri(byte[] image) => ImageBase + Convert.ToHexStringLower(SHA256.HashData(image));

    /// <summary>A release of the "firmware" component: its envelope and image served, and the offer naming it.</summary>
    public (UpdateOffer Offer, SuitEnvelope Envelope, byte[] Image) Publish(ulong sequenceNumber, string version, ECDsa? signer = null)
    {
        var image = ImageOf(version);
        var manifest = new SuitManifestBuilder(sequenceNumber, VendorId.ToByteArray(bigEndian: true), ClassId.ToByteArray(bigEndian: true))
            .AddImage(new SuitImage([Encoding.UTF8.GetBytes("firmware")], SHA256.HashData(image), (ulong)image.Length) { Uri = ImageUri(image) })
            .ComponentText("en", 0, SuitTextKeys.ComponentVersion, version)
            .Build();
        var encoded = SuitSigner.Sign(manifest, signer ?? Author, CoseAlgorithms.ES256);
        var offer = Offer((long)sequenceNumber, version);
        Server.Envelopes[offer.EnvelopePath] = encoded;
        Server.Images[ImageUri(image)] = image;
        return (offer, SuitEnvelope.Decode(encoded), image);
    }

    public static UpdateOffer Offer(long sequenceNumber, string version)
    {
        var release = Guid.NewGuid();
        return new UpdateOffer(Guid.NewGuid(), release, $"/firmware/releases/{release}/envelope", "/firmware/reports",
            RandomNumberGenerator.GetBytes(16), sequenceNumber, version);
    }

    /// <summary>The updater of the device; a rate of 1 always acts, any other never.</summary>
    public DeviceUpdater Updater() => new(Spec, Firmware, Server, AttestationKey, TimeProvider.System, p => p >= 1)
    {
        Installed = _ =>
        {
            InstalledCalls++;
            return Task.CompletedTask;
        },
        GoOffline = _ =>
        {
            OfflineCalls++;
            return Task.CompletedTask;
        },
    };

    public Task<UpdateOutcome> RunAsync(UpdateOffer offer, FaultInjection? faults = null) =>
        Updater().RunAsync(offer, faults ?? FaultInjection.None, TestContext.Current.CancellationToken);

    /// <summary>The posted report, after checking it verifies with <paramref name="attestationKey"/>.</summary>
    public static SuitReport VerifiedReport(PostedReport posted, ECDsa attestationKey)
    {
        var signed = SuitSignedReport.Decode(posted.Body);
        Assert.True(signed.Verify(attestationKey), "the report verifies with the device's attestation key");
        return signed.Report;
    }

    /// <summary>The one report posted, verified with the attestation key: its failure.</summary>
    public SuitReportFailure Failure()
    {
        var report = VerifiedReport(Assert.Single(Server.Reports), AttestationKey);
        return Assert.IsType<SuitReportFailure>(report.Failure);
    }

    /// <summary>The device runs what it left the factory with, and stored no manifest.</summary>
    public void AssertNothingInstalled()
    {
        Assert.Equal(DeviceFixtures.Firmware, Firmware.Components);
        Assert.Null(Firmware.Manifest);
        Assert.Equal(0, InstalledCalls);
    }

    public void Dispose()
    {
        Author.Dispose();
        AttestationKey.Dispose();
    }
}
