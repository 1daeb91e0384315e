namespace DeviceTrust.Simulator;

/// <summary>One installed software component, as the device reports it in <c>ReportFirmware</c>.</summary>
public sealed record FirmwareComponentSpec(string Name, string Version);

/// <summary>Everything a simulated device knows about itself before it connects.</summary>
/// <param name="MainsPowered">Gateways run on mains power and always report a full battery.</param>
public sealed record SimulatedDeviceSpec(
    string Serial,
    string Secret,
    IReadOnlyList<FirmwareComponentSpec> Firmware,
    bool MainsPowered);
