using DeviceTrust.Simulator.Device;

namespace DeviceTrust.Simulator.Fleet;

public sealed record FleetSimulatorOptions
{
    /// <summary>
    /// Pause between two device starts, so hundreds of devices do not negotiate in the same millisecond
    /// (the default starts 1000 devices over 10 s).
    /// </summary>
    public TimeSpan StartStagger { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Mixed with each serial, so a device behaves the same from run to run and differently from its peers.
    /// </summary>
    public int Seed { get; init; }

    /// <summary>Faults every device starts with; <see cref="SimulatedDevice.Faults"/> changes them later.</summary>
    public FaultInjection Faults { get; init; } = FaultInjection.None;
}
