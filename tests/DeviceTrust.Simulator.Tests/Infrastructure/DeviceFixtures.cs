using DeviceTrust.Simulator.Device;

namespace DeviceTrust.Simulator.Tests.Infrastructure;

internal static class DeviceFixtures
{
    public const string FleetSecret = "test fleet secret";

    public static readonly IReadOnlyList<FirmwareComponentSpec> Firmware =
        [new("bootloader", "2.1.0"), new("firmware", "1.4.2")];

    public static SimulatedDeviceSpec Spec(string serial, bool mainsPowered = false) =>
        new(serial, DeviceSecrets.Derive(FleetSecret, serial), Firmware, mainsPowered);

    public static Dictionary<string, string> Secrets(params string[] serials) =>
        serials.ToDictionary(serial => serial, serial => DeviceSecrets.Derive(FleetSecret, serial));

    /// <summary>Fast enough for tests to see many messages and retries without waiting seconds.</summary>
    public static SimulationSettings Settings(Uri serverUrl) => new()
    {
        ServerUrl = serverUrl,
        TelemetryInterval = TimeSpan.FromMilliseconds(50),
        InitialRetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromMilliseconds(500),
    };
}
