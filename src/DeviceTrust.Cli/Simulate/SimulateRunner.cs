using DeviceTrust.Simulator;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Fleet;
using Spectre.Console;

namespace DeviceTrust.Cli.Simulate;

/// <summary>Runs one <c>simulate</c> request from start to summary and decides the exit code.</summary>
/// <param name="liveConsole">
/// Terminal for the live table; null writes plain status lines to <paramref name="output"/> instead.
/// </param>
public sealed class SimulateRunner(
    TextWriter output,
    TextWriter error,
    IAnsiConsole? liveConsole,
    string workingDirectory)
{
    private static readonly TimeSpan RejectionCheckInterval = TimeSpan.FromMilliseconds(250);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public async Task<int> RunAsync(SimulateRequest request, CancellationToken cancellationToken)
    {
        IReadOnlyList<SimulatedDeviceSpec> devices;
        try
        {
            devices = await SeedDeviceLoader.LoadAsync(request, workingDirectory, cancellationToken);
        }
        catch (CliException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.CannotStart;
        }

        var settings = new SimulationSettings
        {
            ServerUrl = request.Server,
            TelemetryInterval = request.Interval,
            TimeProvider = TimeProvider,
        };
        var options = new FleetSimulatorOptions
        {
            Faults = new FaultInjection { DropRate = request.DropRate, MalformedRate = request.MalformedRate },
        };
        await using var fleet = new FleetSimulator(devices, settings, options);

        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (request.Duration is { } duration)
        {
            run.CancelAfter(duration);
        }

        await output.WriteLineAsync($"Simulating {devices.Count} devices against {settings.HubUrl}");
        var display = new FleetStatusDisplay(fleet, request.Server, TimeProvider);
        await fleet.StartAsync(run.Token);
        var giveUp = StopWhenAllRejectedAsync(fleet, run);
        await (liveConsole is null
            ? display.ShowPlainAsync(output, run.Token)
            : display.ShowLiveAsync(liveConsole, run.Token));
        await giveUp;
        await fleet.StopAsync();

        var final = fleet.GetSnapshot();
        await output.WriteLineAsync(StatusFormatter.Summary(final, display.Elapsed));
        if (final.Total > 0 && final.Rejected == final.Total)
        {
            await error.WriteLineAsync("error: the server rejected every device; check the fleet secret.");
            return ExitCodes.AllDevicesRejected;
        }

        return ExitCodes.Success;
    }

    // Rejected devices never retry, so once all are rejected nothing can change: stop rather than idle until Ctrl+C.
    private async Task StopWhenAllRejectedAsync(FleetSimulator fleet, CancellationTokenSource run)
    {
        using var timer = new PeriodicTimer(RejectionCheckInterval, TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(run.Token))
            {
                if (fleet.GetSnapshot() is { Total: > 0 } snapshot && snapshot.Rejected == snapshot.Total)
                {
                    await run.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
