using System.Security.Cryptography;
using DeviceTrust.Simulator.Attestation;
using DeviceTrust.Suit;
using DeviceTrust.Suit.Processing;

namespace DeviceTrust.Simulator.Updates;

/// <summary>One image an update procedure wrote, with the version its manifest's text gives (null when it gives none).</summary>
public sealed record InstalledImage(string Component, byte[] Image, string? Version);

/// <summary>
/// What an update wrote to a device's non-volatile memory (<see cref="Credentials.IDeviceStorage.SaveFirmwareAsync"/>): each
/// component's version and the image an update installed (null for one it left the factory with), and the manifest it
/// installed last, so a restarted device runs, reports and refuses to roll back exactly as before.
/// </summary>
public sealed record StoredFirmware
{
    public required IReadOnlyList<StoredComponent> Components { get; init; }

    /// <summary>The sequence number of the manifest installed last; null before the first update.</summary>
    public ulong? ManifestSequenceNumber { get; init; }

    /// <summary>The SUIT digest algorithm of <see cref="ManifestDigest"/> (a COSE algorithm: -16 is SHA-256).</summary>
    public long? ManifestDigestAlgorithm { get; init; }

    public byte[]? ManifestDigest { get; init; }
}

/// <summary>One component as stored: its version and, when an update installed it, its image.</summary>
public sealed record StoredComponent(string Name, string Version, byte[]? Image);

/// <summary>
/// What a simulated device runs: its components (name, version, and the digest of an image an update installed), the
/// images updates installed, and the manifest it installed last, for anti-rollback. The device stores it after every
/// install (<see cref="ToStored"/>) and takes it back when it starts again (<see cref="Restore"/>). Thread-safe.
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

    /// <summary>What to store so that <see cref="Restore"/> gives this firmware back.</summary>
    public StoredFirmware ToStored()
    {
        lock (_gate)
            return new StoredFirmware
            {
                Components = [.. _components.Select(c => new StoredComponent(c.Name, c.Version, _images.GetValueOrDefault(c.Name)))],
                ManifestSequenceNumber = _manifest?.SequenceNumber,
                ManifestDigestAlgorithm = _manifest?.Digest.Algorithm,
                ManifestDigest = _manifest?.Digest.Bytes.ToArray(),
            };
    }

    /// <summary>Replaces what the device runs with what it stored: the components, their images and the last manifest.</summary>
    /// <exception cref="ArgumentException">The stored firmware names no component, or a manifest without its digest.</exception>
    public void Restore(StoredFirmware stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Components is not { Count: > 0 })
            throw new ArgumentException("The stored firmware names no component.", nameof(stored));
        if (stored.ManifestSequenceNumber is not null && (stored.ManifestDigestAlgorithm is null || stored.ManifestDigest is null))
            throw new ArgumentException("The stored manifest has no digest.", nameof(stored));
        lock (_gate)
        {
            _images.Clear();
            foreach (var component in stored.Components.Where(c => c.Image is not null))
                _images[component.Name] = component.Image!;
            _components = [.. stored.Components.Select(c => new FirmwareComponentSpec(c.Name, c.Version)
            {
                ImageDigest = c.Image is null ? null : SHA256.HashData(c.Image),
            })];
            _manifest = stored.ManifestSequenceNumber is { } sequenceNumber
                ? new SuitInstalledManifest(sequenceNumber, new SuitDigest(stored.ManifestDigestAlgorithm!.Value, stored.ManifestDigest!))
                : null;
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
