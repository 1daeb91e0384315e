using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace DeviceTrust.Simulator.Tests.Infrastructure;

public sealed record RecordedCall(string Serial, string ConnectionId, string Method, object Argument);

/// <summary>What the test server saw: negotiations, live connections and every hub invocation, in order.</summary>
public sealed class HubRecorder
{
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly ConcurrentDictionary<string, int> _negotiations = new();
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new();

    public IReadOnlyList<RecordedCall> Calls(string serial) => _calls.Where(call => call.Serial == serial).ToList();

    public IReadOnlyList<WireTelemetry> Telemetry(string serial) =>
        Calls(serial).Select(call => call.Argument).OfType<WireTelemetry>().ToList();

    public int Negotiations(string serial) => _negotiations.GetValueOrDefault(serial);

    public HubCallerContext? Connection(string serial) => _connections.GetValueOrDefault(serial);

    internal void Negotiated(string serial) => _negotiations.AddOrUpdate(serial, 1, (_, count) => count + 1);

    internal void Connected(string serial, HubCallerContext context) => _connections[serial] = context;

    internal void Disconnected(string serial, HubCallerContext context) =>
        _connections.TryRemove(new KeyValuePair<string, HubCallerContext>(serial, context));

    internal void Record(HubCallerContext context, string method, object argument) =>
        _calls.Enqueue(new RecordedCall(TestDeviceHub.SerialOf(context), context.ConnectionId, method, argument));
}
