using DeviceTrust.Application.Fleet.InService;
using DeviceTrust.Simulator;
using DeviceTrust.Simulator.Hosting;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Web.Simulation;

/// <summary>
/// The hosted simulator plays the in-service devices of this app's own database, with the secrets the seed derived
/// from the fleet secret. Devices registered through the API have random secrets and are not simulated here.
/// </summary>
internal sealed class DatabaseFleetSource(InServiceDevicesQuery devices, IOptions<SimulatorOptions> options) : ISimulatedFleetSource
{
    public async Task<IReadOnlyList<SimulatedDeviceSpec>> GetDevicesAsync(CancellationToken cancellationToken)
    {
        var fleetSecret = options.Value.FleetSecret
                          ?? throw new InvalidOperationException("Simulator:FleetSecret is required to simulate the seeded fleet.");
        var inService = await devices.HandleAsync(options.Value.MaxDevices, cancellationToken);
        return inService.Select(d => new SimulatedDeviceSpec(
                d.SerialNumber,
                DeviceSecrets.Derive(fleetSecret, d.SerialNumber),
                d.Components.Select(c => new FirmwareComponentSpec(c.Name, c.Version)).ToList(),
                MainsPowered: d.DeviceClass.Contains("Gateway", StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }
}
