using System.Security.Cryptography;
using DeviceTrust.Simulator.Attestation;
using DeviceTrust.Suit.Processing;

namespace DeviceTrust.Simulator.Updates;

/// <summary>One image an update procedure wrote, with the version its manifest's text gives (null when it gives none).</summary>
public sealed record InstalledImage(string Component, byte[] Image, string? Version);

/// <summary>
/// What a simulated device runs: its components (name, version, and the digest of an image an update installed), the
/// images updates installed, and the manifest it installed last, for anti-rollback. Kept in memory: a restarted
/// simulator starts again from the firmware the server recorded for the device. Thread-safe.
/// </summary>
public sealed class InstalledFirmware
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, byte[]> _images = new(StringComparer.Ordinal);
    private IReadOnlyList<FirmwareComponentSpec> _components;
    private SuitInstalledManifest? _manifest;

    public InstalledFirmware(IReadOnlyList<FirmwareComponentSpec> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        _components = [.. components];
    }

    /// <summary>The components as the device reports them; an updated one carries <see cref="FirmwareComponentSpec.ImageDigest"/>.</summary>
    public IReadOnlyList<FirmwareComponentSpec> Components
    {
        get
        {
            lock (_gate)
                return _components;
        }
    }

    /// <summary>The manifest the last successful update procedure stored; null before the first.</summary>
    public SuitInstalledManifest? Manifest
    {
        get
        {
            lock (_gate)
                return _manifest;
        }
    }

    public FirmwareComponentSpec? Find(string component)
    {
        lock (_gate)
            return _components.FirstOrDefault(c => c.Name == component);
    }

    /// <summary>
    /// The component's content: the image an update installed, else the DEV-ONLY simulated image of the version it runs
    /// (<see cref="SimulatedFirmware.Image"/>); null for a component the device does not have.
    /// </summary>
    public byte[]? Image(string component)
    {
        lock (_gate)
        {
            if (_images.TryGetValue(component, out var image))
                return image;
            return _components.FirstOrDefault(c => c.Name == component) is { } found ? SimulatedFirmware.Image(found.Name, found.Version) : null;
        }
    }

    /// <summary>
    /// Makes the images of a successful update procedure the ones the device runs, each component's version the one the
    /// manifest gave (its old version when the manifest gave none) and its digest the image's SHA-256; and stores the manifest.
    /// </summary>
    /// <exception cref="ArgumentException">An image is for a component the device does not have.</exception>
    public void Install(IReadOnlyList<InstalledImage> images, SuitInstalledManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(manifest);
        lock (_gate)
        {
            var components = _components.ToList();
            foreach (var image in images)
            {
                var index = components.FindIndex(c => c.Name == image.Component);
                if (index < 0)
                    throw new ArgumentException($"The device has no component \"{image.Component}\".", nameof(images));
                components[index] = new FirmwareComponentSpec(image.Component, image.Version ?? components[index].Version)
                {
                    ImageDigest = SHA256.HashData(image.Image),
                };
                _images[image.Component] = image.Image;
            }
            _components = components;
            _manifest = manifest;
        }
    }
}
