namespace DeviceTrust.Simulator.Tests.Infrastructure;

// Written from the wire contract, not shared with the simulator, so a drift in names or types fails the binding.
public sealed record WireTelemetry(
    long UptimeSeconds,
    double TemperatureCelsius,
    double BatteryPercent,
    int SignalDbm,
    DateTimeOffset MeasuredAt);

public sealed record WireFirmware(IReadOnlyList<WireComponent> Components);

public sealed record WireComponent(string Name, string Version);
