using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Fleet;

namespace DeviceTrust.Simulator.Hosting;

/// <summary>
/// The devices the hosted simulator runs right now, for the host to reach them (a development API that sets a device's
/// faults, a page that shows them). Empty while the simulator is off, not started yet, or stopped.
/// </summary>
public sealed class RunningSimulation
{
    private FleetSimulator? _fleet;

    public bool IsRunning => Volatile.Read(ref _fleet) is not null;

    public IReadOnlyList<SimulatedDevice> Devices => Volatile.Read(ref _fleet)?.Devices ?? [];

    /// <summary>The running device with this serial, or null when the simulator runs none.</summary>
    public SimulatedDevice? Find(string serial) => Volatile.Read(ref _fleet)?.Find(serial);

    internal void Started(FleetSimulator fleet) => Volatile.Write(ref _fleet, fleet);

    internal void Stopping(FleetSimulator fleet) => Interlocked.CompareExchange(ref _fleet, null, fleet);
}
