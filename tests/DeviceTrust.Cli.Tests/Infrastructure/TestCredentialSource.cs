using System.Collections.Concurrent;
using DeviceTrust.Simulator;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Device;

namespace DeviceTrust.Cli.Tests.Infrastructure;

/// <summary>
/// Stands in for BRSKI and EST: each call answers what <paramref name="answer"/> returns for the device, or throws what
/// it throws (<see cref="DeviceRefusedException"/> for a refusal, anything else for a transient failure).
/// </summary>
public sealed class TestCredentialSource(Func<SimulatedDeviceSpec, FaultInjection, DeviceCredential> answer) : IDeviceCredentialSource
{
    private int _calls;

    public ConcurrentQueue<SimulatedDeviceSpec> Asked { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    public static TestCredentialSource EnrollingIn(TestDomain domain) => new((device, _) => domain.Enroll(device.Serial));

    public Task<DeviceCredential> GetAsync(SimulatedDeviceSpec device, FaultInjection faults, CancellationToken cancellationToken)
    {
        Asked.Enqueue(device);
        Interlocked.Increment(ref _calls);
        return Task.FromResult(answer(device, faults));
    }
}
