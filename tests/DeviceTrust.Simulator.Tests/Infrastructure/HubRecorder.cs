using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace DeviceTrust.Simulator.Tests.Infrastructure;

public sealed record RecordedCall(string Serial, string ConnectionId, string Method, object Argument);

/// <summary>What the test server saw: TLS handshakes, HTTP requests, negotiations, live connections and every hub invocation, in order.</summary>
public sealed class HubRecorder
{
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly ConcurrentDictionary<string, int> _negotiations = new();
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new();
    private int _handshakes;
    private int _requests;

    public IReadOnlyList<RecordedCall> Calls(string serial) => _calls.Where(call => call.Serial == serial).ToList();

    public IReadOnlyList<WireTelemetry> Telemetry(string serial) =>
        Calls(serial).Select(call => call.Argument).OfType<WireTelemetry>().ToList();

    public int Negotiations(string serial) => _negotiations.GetValueOrDefault(serial);

    public HubCallerContext? Connection(string serial) => _connections.GetValueOrDefault(serial);

    /// <summary>TLS handshakes clients began (each connection has one).</summary>
    public int TlsHandshakes => Volatile.Read(ref _handshakes);

    /// <summary>HTTP requests that reached the application, on any path: none when clients break off after TLS.</summary>
    public int Requests => Volatile.Read(ref _requests);

    internal void TlsHandshakeStarted() => Interlocked.Increment(ref _handshakes);

    internal void RequestReceived() => Interlocked.Increment(ref _requests);

    internal void Negotiated(string serial) => _negotiations.AddOrUpdate(serial, 1, (_, count) => count + 1);

    internal void Connected(string serial, HubCallerContext context) => _connections[serial] = context;

    internal void Disconnected(string serial, HubCallerContext context) =>
        _connections.TryRemove(new KeyValuePair<string, HubCallerContext>(serial, context));

    internal void Record(HubCallerContext context, string method, object argument) =>
        _calls.Enqueue(new RecordedCall(TestDeviceHub.SerialOf(context), context.ConnectionId, method, argument));
}
