using System.Globalization;
using DeviceTrust.Simulator;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Fleet;
using Spectre.Console;

namespace DeviceTrust.Cli.Simulate;

/// <summary>Runs one <c>simulate</c> request from start to summary and decides the exit code.</summary>
/// <param name="liveConsole">
/// Terminal for the live table; null writes plain status lines to <paramref name="output"/> instead.
/// </param>
/// <param name="workingDirectory">Where appsettings.Development.json is looked for (here and above) when there is no --seed-data.</param>
public sealed class SimulateRunner(
    TextWriter output,
    TextWriter error,
    IAnsiConsole? liveConsole,
    string workingDirectory)
{
    private static readonly TimeSpan RejectionCheckInterval = TimeSpan.FromMilliseconds(250);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the devices get their credentials. Null (the command's case): they bootstrap for real, BRSKI and EST against
    /// <see cref="SimulateRequest.Server"/> with IDevIDs minted by <see cref="SimulateRequest.Api"/>.
    /// </summary>
    public IDeviceCredentialSource? CredentialSource { get; init; }

    public async Task<int> RunAsync(SimulateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<SimulatedDeviceSpec> devices;
        IDeviceStorage storage;
        try
        {
            devices = await SeedDeviceLoader.LoadAsync(request, workingDirectory, cancellationToken);
            storage = OpenStorage(request.StateDirectory);
        }
        catch (CliException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.MalformedInput;
        }

        using var api = new HttpClient { BaseAddress = request.Api };
        if (CredentialSource is null)
        {
            var (identified, unknown) = await RegisteredIdentities.AddAsync(api, request.Token, devices, cancellationToken);
            devices = identified;
            if (unknown.Count > 0)
                await error.WriteLineAsync($"warning: the server gave no UEID for {string.Join(", ", unknown)}: they will not attest when asked.");
        }
        using var brski = CredentialSource is null
            ? new BrskiCredentialSource(new BrskiCredentialOptions
            {
                Registrar = request.Server,
                Issuer = new DevApiIdevidIssuer(api, request.Token),
                Storage = storage,
                TimeProvider = TimeProvider,
            })
            : null;
        var settings = new SimulationSettings
        {
            ServerUrl = request.Server,
            Credentials = CredentialSource ?? brski!,
            Storage = storage,
            TelemetryInterval = request.Interval,
            TimeProvider = TimeProvider,
        };
        await using var fleet = new FleetSimulator(devices, settings, new FleetSimulatorOptions { Faults = request.Faults });
        return await RunFleetAsync(fleet, request, settings, cancellationToken);
    }

    private async Task<int> RunFleetAsync(FleetSimulator fleet, SimulateRequest request, SimulationSettings settings, CancellationToken cancellationToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (request.Duration is { } duration)
        {
            run.CancelAfter(duration);
        }

        await WriteIntroductionAsync(fleet.Devices.Count, request, settings);
        var display = new FleetStatusDisplay(fleet, request.Server, TimeProvider);
        // Not on the run's token: the devices keep their state until it is read, then StopAsync ends them.
        await fleet.StartAsync(CancellationToken.None);
        var giveUp = StopWhenAllRejectedAsync(fleet, run);
        await (liveConsole is null
            ? display.ShowPlainAsync(output, run.Token)
            : display.ShowLiveAsync(liveConsole, run.Token));
        await giveUp;
        var atStop = FleetView.Of(fleet, TimeProvider);
        await fleet.StopAsync();

        var final = fleet.GetSnapshot();
        await output.WriteLineAsync(StatusFormatter.Summary(atStop, final, display.Elapsed));
        if (final.Total > 0 && final.Rejected == final.Total)
        {
            await error.WriteLineAsync(AllRejected(atStop.Rejections));
            if (request.StateDirectory is null && request.Faults is { AffectsProvisioning: false, UntrustedCertificate: false })
            {
                await error.WriteLineAsync(
                    "hint: without --state every run mints new IDevIDs, and the server holds a device to the IDevID it first "
                    + "bootstrapped with; keep them across runs with --state DIR, or pick devices that never bootstrapped (--serial-prefix).");
            }

            return ExitCodes.AllDevicesRejected;
        }

        return ExitCodes.Success;
    }

    private async Task WriteIntroductionAsync(int devices, SimulateRequest request, SimulationSettings settings)
    {
        await output.WriteLineAsync(CredentialSource is null
            ? $"Simulating {devices} devices: IDevIDs from {request.Api}, BRSKI and EST at {request.Server}, then {settings.HubUrl}"
            : $"Simulating {devices} devices against {settings.HubUrl}");
        if (request.StateDirectory is not null)
        {
            await output.WriteLineAsync(
                $"Device state (IDevIDs, LDevIDs and their private keys, unencrypted) in {Path.GetFullPath(request.StateDirectory)}");
        }
    }

    private static string AllRejected(IReadOnlyList<ProblemGroup> reasons) => reasons.Count switch
    {
        0 => "error: the server rejected every device.",
        1 => $"error: the server rejected every device: {reasons[0].Problem}",
        _ => string.Create(CultureInfo.InvariantCulture,
            $"error: the server rejected every device, for {reasons.Count} distinct reasons (above); the most common: {reasons[0].Problem}"),
    };

    /// <summary>
    /// Files that last across runs, unencrypted, in memory without --state. The files hold private keys: a directory the
    /// command creates is the owner's alone, and one that others can enter is warned about.
    /// </summary>
    private IDeviceStorage OpenStorage(string? directory)
    {
        if (directory is null)
        {
            return new InMemoryDeviceStorage();
        }

        try
        {
            if (OperatingSystem.IsWindows())
            {
                return new DirectoryDeviceStorage(directory);
            }

            const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            var created = Directory.CreateDirectory(directory, ownerOnly);
            if ((created.UnixFileMode & ~ownerOnly) != 0)
            {
                error.WriteLine($"WARNING: --state {directory} is open to other users, and its files hold the devices' private keys.");
            }

            return new DirectoryDeviceStorage(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"--state {directory}: cannot use the directory ({ex.Message})");
        }
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
