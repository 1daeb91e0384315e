namespace DeviceTrust.Simulator.Seed;

/// <summary>One device defined by the seed data.</summary>
public sealed record SeedDevice(
    string Serial,
    string Group,
    string DeviceClass,
    string Manufacturer,
    IReadOnlyList<FirmwareComponentSpec> Firmware,
    bool MainsPowered)
{
    public SimulatedDeviceSpec ToSpec() => new(Serial, Manufacturer, Firmware, MainsPowered);
}
