using System.Text;
using DeviceTrust.Simulator.Updates;

namespace DeviceTrust.Simulator.Tests.Credentials;

/// <summary>Firmware as a device stores it after an update: one component updated (with its image), one from the factory.</summary>
internal static class StoredFirmwareSamples
{
    public static StoredFirmware Updated() => new()
    {
        Components =
        [
            new StoredComponent("bootloader", "2.1.0", null),
            new StoredComponent("firmware", "1.5.0", Encoding.UTF8.GetBytes("firmware image 1.5.0")),
        ],
        ManifestSequenceNumber = 3,
        ManifestDigestAlgorithm = -16,
        ManifestDigest = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(),
    };

    /// <summary>Records holding lists and byte arrays compare by reference: this compares what they hold.</summary>
    public static void AssertSame(StoredFirmware expected, StoredFirmware? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Components.Select(c => (c.Name, c.Version, c.Image is null ? null : Convert.ToHexString(c.Image))),
            actual.Components.Select(c => (c.Name, c.Version, c.Image is null ? null : Convert.ToHexString(c.Image))));
        Assert.Equal((expected.ManifestSequenceNumber, expected.ManifestDigestAlgorithm), (actual.ManifestSequenceNumber, actual.ManifestDigestAlgorithm));
        Assert.Equal(expected.ManifestDigest, actual.ManifestDigest);
    }
}
