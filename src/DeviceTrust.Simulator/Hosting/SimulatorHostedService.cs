using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Fleet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Simulator.Hosting;

/// <summary>
/// Runs the configured simulated fleet for as long as the host runs. The host provides the devices
/// (<see cref="ISimulatedFleetSource"/>) and their credentials (<see cref="IDeviceCredentialSource"/>: by default BRSKI and
/// EST, <see cref="SimulatorHostingExtensions.AddDeviceSimulator"/>). While it runs, <see cref="RunningSimulation"/> holds the devices.
/// </summary>
public sealed class SimulatorHostedService(
    IOptions<SimulatorOptions> options,
    IServiceScopeFactory scopeFactory,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    RunningSimulation running,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<SimulatorHostedService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        try
        {
            // Devices connect over the network to this very host, so it must be listening first.
            await WaitForApplicationStartedAsync(stoppingToken);

            var devices = await GetDevicesAsync(settings.MaxDevices, stoppingToken);
            if (devices.Count == 0)
            {
                _logger.LogInformation("Device simulator enabled but there are no devices to simulate");
                return;
            }

            await RunFleetAsync(devices, settings, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // An escaping exception would stop the host; the simulator is a development aid, the server matters more.
            _logger.LogError(ex, "Device simulator failed; the application keeps running without it");
        }
    }

    // The fleet source may be scoped (it typically reads the application's database), so it gets its own scope.
    private async Task<List<SimulatedDeviceSpec>> GetDevicesAsync(int maxDevices, CancellationToken stoppingToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var source = scope.ServiceProvider.GetRequiredService<ISimulatedFleetSource>();
        return (await source.GetDevicesAsync(stoppingToken)).Take(maxDevices).ToList();
    }

    private async Task RunFleetAsync(
        IReadOnlyList<SimulatedDeviceSpec> devices,
        SimulatorOptions settings,
        CancellationToken stoppingToken)
    {
        var simulation = new SimulationSettings
        {
            ServerUrl = new Uri(settings.ServerUrl!),
            // Resolved only now: building it needs the settings an enabled simulator is validated to have.
            Credentials = services.GetRequiredService<IDeviceCredentialSource>(),
            Storage = services.GetRequiredService<IDeviceStorage>(),
            TelemetryInterval = TimeSpan.FromSeconds(settings.TelemetryIntervalSeconds),
            TimeProvider = timeProvider,
            LoggerFactory = loggerFactory,
        };

        await using var fleet = new FleetSimulator(devices, simulation);
        await fleet.StartAsync(stoppingToken);
        running.Started(fleet);
        _logger.LogInformation(
            "Device simulator started {Count} devices against {HubUrl}, telemetry every {Interval}s",
            devices.Count, simulation.HubUrl, settings.TelemetryIntervalSeconds);

        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, timeProvider, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }

        running.Stopping(fleet);
        await fleet.StopAsync();
        var summary = fleet.GetSnapshot();
        _logger.LogInformation(
            "Device simulator stopped: {Devices} devices, {Connected} connected, {Enrolling} still enrolling, {Rejected} rejected; "
            + "{Sent} messages sent, {Errors} send errors, {Reconnects} reconnects",
            summary.Total, summary.Connected, summary.Enrolling, summary.Rejected, summary.MessagesSent, summary.SendErrors, summary.Reconnects);
    }

    private async Task WaitForApplicationStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        await started.Task;
    }
}
