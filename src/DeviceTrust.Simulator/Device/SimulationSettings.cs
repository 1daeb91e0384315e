using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeviceTrust.Simulator.Device;

/// <summary>How simulated devices reach the server; shared by every device of a fleet.</summary>
public sealed record SimulationSettings
{
    /// <summary>Base address of the server, e.g. http://localhost:5080; the hub is /hubs/devices below it.</summary>
    public required Uri ServerUrl { get; init; }

    public TimeSpan TelemetryInterval { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Wraps or replaces the HTTP handler, e.g. to reach an in-process test server.</summary>
    public Func<HttpMessageHandler, HttpMessageHandler>? HttpMessageHandlerFactory { get; init; }

    /// <summary>Last say over the connection options (transports, WebSocket factory), after the headers.</summary>
    public Action<HttpConnectionOptions>? ConfigureConnection { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public Uri HubUrl => new(ServerUrl.AbsoluteUri.TrimEnd('/') + "/hubs/devices");
}
