namespace DeviceTrust.Simulator;

/// <summary>One installed software component, as the device reports it in <c>ReportFirmware</c>.</summary>
public sealed record FirmwareComponentSpec(string Name, string Version);

/// <summary>Everything a simulated device knows about itself before it is switched on for the first time.</summary>
/// <param name="Manufacturer">Whose factory gives it its IDevID (a simulated manufacturer's name on the server).</param>
/// <param name="MainsPowered">Gateways run on mains power and always report a full battery.</param>
public sealed record SimulatedDeviceSpec(
    string Serial,
    string Manufacturer,
    IReadOnlyList<FirmwareComponentSpec> Firmware,
    bool MainsPowered);
