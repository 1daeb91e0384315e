using DeviceTrust.Simulator.Telemetry;
using DeviceTrust.Simulator.Updates;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Simulator.Device;

/// <summary>
/// One simulated device: enrolls into the domain when it has no LDevID yet (BRSKI and EST, through
/// <see cref="SimulationSettings.Credentials"/>), connects to the device hub with that certificate, reports its
/// firmware after every (re)connect and telemetry every interval, answers attestation challenges with evidence signed by
/// its attestation key, installs the updates the server offers (SUIT), and misbehaves on request (<see cref="Faults"/>).
/// </summary>
public sealed partial class SimulatedDevice
{
    private readonly InstalledFirmware _firmware;
    private readonly TelemetryModel _telemetry;
    private readonly SimulationSettings _settings;
    private readonly Random _random;
    private readonly Lock _randomGate = new();
    private readonly ILogger _logger;

    // What it knows about itself: the factory's spec, its firmware replaced by what updates installed (_firmware).
    private SimulatedDeviceSpec _spec;
    private FaultInjection _faults;
    private CancellationTokenSource? _session;
    private HubConnection? _connection;
    private Credentials.DeviceCredential? _credential;
    private string? _problem;
    private int _status;
    private int _running;
    private int _hasConnected;
    private long _messagesSent;
    private long _sendErrors;
    private long _reconnects;
    private long _dropped;
    private long _malformed;

    /// <summary>Creates a device whose telemetry and faults are deterministic for <paramref name="seed"/>.</summary>
    public SimulatedDevice(
        SimulatedDeviceSpec spec,
        SimulationSettings settings,
        int seed,
        FaultInjection? faults = null)
        : this(
            spec,
            new TelemetryModel(new Random(seed), settings.TimeProvider, spec.MainsPowered),
            settings,
            new Random(unchecked((seed * 31) + 17)),
            faults)
    {
    }

    public SimulatedDevice(
        SimulatedDeviceSpec spec,
        TelemetryModel telemetry,
        SimulationSettings settings,
        Random random,
        FaultInjection? faults = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(spec.Serial);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.TelemetryInterval, TimeSpan.Zero);
        (faults ??= FaultInjection.None).Validate();

        _spec = spec;
        _firmware = new InstalledFirmware(spec.Firmware);
        _telemetry = telemetry;
        _settings = settings;
        _random = random;
        _faults = faults;
        _logger = settings.LoggerFactory.CreateLogger<SimulatedDevice>();
    }

    public string Serial => _spec.Serial;

    public DeviceStatus Status
    {
        get
        {
            var status = (DeviceStatus)Volatile.Read(ref _status);

            // Once connected, the connection's own state is the truth: its events arrive late and out of order.
            return status == DeviceStatus.Connected && Volatile.Read(ref _connection) is { } connection
                ? connection.State switch
                {
                    HubConnectionState.Connected => DeviceStatus.Connected,
                    HubConnectionState.Reconnecting => DeviceStatus.Reconnecting,
                    _ => DeviceStatus.Connecting,
                }
                : status;
        }
    }

    /// <summary>
    /// The misbehaviour to show from now on. Changing a fault that decides what the device presents (the provisioning
    /// faults, <see cref="FaultInjection.UntrustedCertificate"/>) drops the current connection and starts again, which
    /// also lets a Rejected device retry.
    /// </summary>
    public FaultInjection Faults
    {
        get => Volatile.Read(ref _faults);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            var previous = Interlocked.Exchange(ref _faults, value);
            if (previous.ChangesCredentialsFrom(value))
            {
                RestartSession();
            }
        }
    }

    public DeviceSnapshot GetSnapshot() => new(
        Serial,
        Status,
        Interlocked.Read(ref _messagesSent),
        Interlocked.Read(ref _sendErrors),
        Interlocked.Read(ref _reconnects),
        Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _malformed),
        Volatile.Read(ref _problem),
        AttestationSnapshot(),
        UpdateSnapshot());

    /// <summary>Runs the device until <paramref name="cancellationToken"/> is cancelled; never throws for it.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException($"Device {Serial} is already running.");
        }

        try
        {
            await RestoreFirmwareAsync(cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                Volatile.Write(ref _session, session);
                try
                {
                    await RunOneSessionAsync(session.Token);
                }
                catch (Exception) when (session.IsCancellationRequested)
                {
                    // A stop (or a restart for new faults) can land mid-attempt, which then fails however it fails.
                }
                finally
                {
                    Interlocked.CompareExchange(ref _session, null, session);
                }
            }
        }
        finally
        {
            // A rejection stays visible after the stop: it is the outcome a caller wants to report.
            if (Status != DeviceStatus.Rejected)
            {
                SetStatus(DeviceStatus.Stopped);
            }

            // The credential source keeps what the device stored; the next run asks it again.
            Interlocked.Exchange(ref _credential, null)?.Dispose();
            Volatile.Write(ref _running, 0);
        }
    }

    private async Task RunOneSessionAsync(CancellationToken token)
    {
        switch (await RunSessionAsync(token))
        {
            case SessionOutcome.Rejected:
                SetStatus(DeviceStatus.Rejected);
                _logger.LogWarning("Device {Serial} was rejected by the server ({Problem}); not retrying", Serial, Volatile.Read(ref _problem));

                // Permanent until the credentials change (see Faults) or the device is stopped.
                await Task.Delay(Timeout.InfiniteTimeSpan, _settings.TimeProvider, token);
                break;
            case SessionOutcome.Closed:
                // The server closed without letting us reconnect; pause so a server in trouble is not hammered.
                await Task.Delay(NewRetryPolicy().GetDelay(0), _settings.TimeProvider, token);
                break;
        }
    }

    private void RestartSession()
    {
        try
        {
            // Asynchronous so the caller's thread does not run the session teardown.
            _ = Volatile.Read(ref _session)?.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The session ended meanwhile; the next one reads the new faults anyway.
        }
    }

    private void SetStatus(DeviceStatus status) => Volatile.Write(ref _status, (int)status);

    private bool Chance(double probability)
    {
        if (probability <= 0)
        {
            return false;
        }

        lock (_randomGate)
        {
            return _random.NextDouble() < probability;
        }
    }

    private int NextRandom()
    {
        lock (_randomGate)
        {
            return _random.Next();
        }
    }

    private enum SessionOutcome
    {
        Rejected,
        Closed,
    }
}
