using DeviceTrust.Simulator.Device;

namespace DeviceTrust.Simulator.Tests.Infrastructure;

/// <summary>Runs a device in the background and stops it, waiting for a clean shutdown, when disposed.</summary>
internal sealed class DeviceRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _run;

    private DeviceRun(SimulatedDevice device)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        _run = Task.Run(() => device.RunAsync(_stop.Token), CancellationToken.None);
    }

    public static DeviceRun Start(SimulatedDevice device) => new(device);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(20), CancellationToken.None);
        _stop.Dispose();
    }
}
