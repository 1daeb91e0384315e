using DeviceTrust.Simulator.Device;

namespace DeviceTrust.Simulator.Fleet;

/// <summary>Runs many simulated devices concurrently against one server.</summary>
public sealed class FleetSimulator : IAsyncDisposable
{
    private readonly SimulationSettings _settings;
    private readonly FleetSimulatorOptions _options;
    private readonly Dictionary<string, SimulatedDevice> _bySerial;
    private CancellationTokenSource? _stopping;
    private Task _run = Task.CompletedTask;

    public FleetSimulator(
        IEnumerable<SimulatedDeviceSpec> devices,
        SimulationSettings settings,
        FleetSimulatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _options = options ?? new FleetSimulatorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.StartStagger, TimeSpan.Zero);

        Devices = devices
            .Select(spec => new SimulatedDevice(
                spec, settings, DeviceSeed(_options.Seed, spec.Serial), _options.Faults))
            .ToList();
        _bySerial = Devices.ToDictionary(device => device.Serial, StringComparer.Ordinal);
    }

    public IReadOnlyList<SimulatedDevice> Devices { get; }

    public SimulatedDevice? Find(string serial) => _bySerial.GetValueOrDefault(serial);

    /// <summary>Starts the devices in the background, staggered, and returns at once.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_stopping is not null)
        {
            throw new InvalidOperationException("The fleet has already been started.");
        }

        _stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _run = RunAllAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>Stops every device and waits until each has closed its connection.</summary>
    public async Task StopAsync()
    {
        if (_stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _run;
    }

    public FleetSnapshot GetSnapshot() =>
        FleetSnapshot.From(Devices.Select(device => device.GetSnapshot()), _settings.TimeProvider.GetUtcNow());

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping?.Dispose();
    }

    private async Task RunAllAsync(CancellationToken token)
    {
        var runs = new List<Task>(Devices.Count);
        try
        {
            foreach (var device in Devices)
            {
                if (runs.Count > 0 && _options.StartStagger > TimeSpan.Zero)
                {
                    await Task.Delay(_options.StartStagger, _settings.TimeProvider, token);
                }

                runs.Add(Task.Run(() => device.RunAsync(token), CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }

        await Task.WhenAll(runs);
    }

    // FNV-1a: string.GetHashCode is randomized per process, which would make runs differ.
    private static int DeviceSeed(int fleetSeed, string serial)
    {
        var hash = 2166136261u;
        foreach (var c in serial)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return unchecked((int)hash ^ fleetSeed);
    }
}
