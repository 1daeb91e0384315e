namespace DeviceTrust.Simulator.Seed;

/// <summary>One device defined by the seed data, before credentials are attached.</summary>
public sealed record SeedDevice(
    string Serial,
    string Group,
    string DeviceClass,
    IReadOnlyList<FirmwareComponentSpec> Firmware,
    bool MainsPowered)
{
    public SimulatedDeviceSpec ToSpec(string fleetSecret) =>
        new(Serial, DeviceSecrets.Derive(fleetSecret, Serial), Firmware, MainsPowered);
}
