using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Device;

namespace DeviceTrust.Simulator.Tests.Infrastructure;

internal static class DeviceFixtures
{
    public const string Manufacturer = "Acme Sensors";

    public static readonly IReadOnlyList<FirmwareComponentSpec> Firmware =
        [new("bootloader", "2.1.0"), new("firmware", "1.4.2")];

    /// <summary>Where nothing listens: for devices that are never started, or must not get anywhere.</summary>
    public static readonly Uri Nowhere = new("https://127.0.0.1:1");

    public static SimulatedDeviceSpec Spec(string serial, bool mainsPowered = false) =>
        new(serial, Manufacturer, Firmware, mainsPowered);

    /// <summary>Fast enough for tests to see many messages and retries without waiting seconds.</summary>
    public static SimulationSettings Settings(Uri serverUrl, IDeviceCredentialSource credentials) => new()
    {
        ServerUrl = serverUrl,
        Credentials = credentials,
        TelemetryInterval = TimeSpan.FromMilliseconds(50),
        InitialRetryDelay = TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromMilliseconds(500),
    };
}
