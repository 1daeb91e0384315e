using System.Security.Cryptography;
using System.Text;
using DeviceTrust.Simulator.Attestation;
using DeviceTrust.Simulator.Tests.Credentials;
using DeviceTrust.Simulator.Tests.Infrastructure;
using DeviceTrust.Simulator.Updates;
using DeviceTrust.Suit;
using DeviceTrust.Suit.Processing;

namespace DeviceTrust.Simulator.Tests.Updates;

/// <summary>What a device stores after an update gives the same firmware back when it starts again.</summary>
public sealed class InstalledFirmwareTests
{
    [Fact]
    public void Restore_WhatAnotherInstalledStored_RunsTheSameComponentsImagesAndManifest()
    {
        var image = Encoding.UTF8.GetBytes("firmware image 1.5.0");
        var manifest = new SuitInstalledManifest(3, SuitDigest.Sha256Of(Encoding.UTF8.GetBytes("manifest")));
        var updated = new InstalledFirmware(DeviceFixtures.Firmware);
        updated.Install([new InstalledImage("firmware", image, "1.5.0")], manifest);

        var restarted = new InstalledFirmware(DeviceFixtures.Firmware);
        restarted.Restore(updated.ToStored());

        Assert.Equal(updated.Components.Select(c => (c.Name, c.Version, Hex(c.ImageDigest))), restarted.Components.Select(c => (c.Name, c.Version, Hex(c.ImageDigest))));
        Assert.Equal(SHA256.HashData(image), restarted.Find("firmware")!.ImageDigest);
        Assert.Equal(image, restarted.Image("firmware"));
        Assert.Equal(SimulatedFirmware.Image("bootloader", "2.1.0"), restarted.Image("bootloader"));
        Assert.Equal((3UL, manifest.Digest.Algorithm, Hex(manifest.Digest.Bytes.ToArray())),
            (restarted.Manifest!.SequenceNumber, restarted.Manifest.Digest.Algorithm, Hex(restarted.Manifest.Digest.Bytes.ToArray())));
    }

    [Fact]
    public void ToStored_BeforeAnyUpdate_StoresTheFactoryComponentsWithoutImagesOrManifest()
    {
        var stored = new InstalledFirmware(DeviceFixtures.Firmware).ToStored();

        Assert.Equal(DeviceFixtures.Firmware.Select(c => (c.Name, c.Version, (byte[]?)null)), stored.Components.Select(c => (c.Name, c.Version, c.Image)));
        Assert.Equal((null, null, null), (stored.ManifestSequenceNumber, stored.ManifestDigestAlgorithm, stored.ManifestDigest));
    }

    [Fact]
    public void Restore_NoComponentsOrAManifestWithoutDigest_ThrowsAndChangesNothing()
    {
        var firmware = new InstalledFirmware(DeviceFixtures.Firmware);

        Assert.Throws<ArgumentException>(() => firmware.Restore(StoredFirmwareSamples.Updated() with { Components = [] }));
        Assert.Throws<ArgumentException>(() => firmware.Restore(StoredFirmwareSamples.Updated() with { ManifestDigest = null }));

        Assert.Equal(DeviceFixtures.Firmware, firmware.Components);
        Assert.Null(firmware.Manifest);
    }

    private static string? Hex(byte[]? bytes) => bytes is null ? null : Convert.ToHexString(bytes);
}
