using DeviceTrust.Simulator.Credentials;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeviceTrust.Simulator.Device;

/// <summary>How simulated devices reach the server; shared by every device of a fleet.</summary>
public sealed record SimulationSettings
{
    /// <summary>
    /// The server's device listener, e.g. https://localhost:5443: HTTPS, because devices authenticate with their
    /// certificates there. The registrar and the hub (/hubs/devices) are both below it.
    /// </summary>
    public required Uri ServerUrl { get; init; }

    /// <summary>Enrolls devices and hands them the credentials they connect with.</summary>
    public required IDeviceCredentialSource Credentials { get; init; }

    /// <summary>
    /// The devices' non-volatile memory, where the firmware an update installed outlives a restart of the simulator (the
    /// credentials are stored by <see cref="Credentials"/>); null keeps it in memory, so a device started again runs the
    /// firmware of its spec.
    /// </summary>
    public IDeviceStorage? Storage { get; init; }

    public TimeSpan TelemetryInterval { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Wraps or replaces the HTTP handler after the device has set its certificates on it.</summary>
    public Func<HttpMessageHandler, HttpMessageHandler>? HttpMessageHandlerFactory { get; init; }

    /// <summary>Last say over the connection options (transports, WebSocket factory), after the device's own.</summary>
    public Action<HttpConnectionOptions>? ConfigureConnection { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public Uri HubUrl => new(ServerUrl.AbsoluteUri.TrimEnd('/') + "/hubs/devices");
}
