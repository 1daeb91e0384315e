namespace DeviceTrust.Domain.Devices;

/// <summary>A software component a device runs, as SUIT names components (e.g. "bootloader", "app").</summary>
public sealed record FirmwareComponent
{
    public FirmwareComponent(string name, string version)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64) throw new DomainException("A component needs a name of 1-64 characters.");
        if (string.IsNullOrWhiteSpace(version) || version.Length > 32) throw new DomainException("A component needs a version of 1-32 characters.");
        Name = name;
        Version = version;
    }

    public string Name { get; }
    public string Version { get; }
}
