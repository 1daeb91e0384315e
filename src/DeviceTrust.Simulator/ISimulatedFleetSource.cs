namespace DeviceTrust.Simulator;

/// <summary>
/// Supplies the devices the hosted simulator runs. The host implements it (the web app reads its own database), which
/// keeps the simulator free of any server-side reference.
/// </summary>
public interface ISimulatedFleetSource
{
    Task<IReadOnlyList<SimulatedDeviceSpec>> GetDevicesAsync(CancellationToken cancellationToken);
}
