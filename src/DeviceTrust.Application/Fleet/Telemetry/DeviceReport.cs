using DeviceTrust.Domain.Devices;

namespace DeviceTrust.Application.Fleet.Telemetry;

/// <summary>Something a connected device told us, queued for the batch writer.</summary>
public abstract record DeviceReport(Guid DeviceId, string SerialNumber, DateTimeOffset ReceivedAt);

public sealed record TelemetryReport(Guid DeviceId, string SerialNumber, DateTimeOffset ReceivedAt, TelemetryReading Reading)
    : DeviceReport(DeviceId, SerialNumber, ReceivedAt);

public sealed record FirmwareReport(Guid DeviceId, string SerialNumber, DateTimeOffset ReceivedAt, IReadOnlyList<FirmwareComponent> Components)
    : DeviceReport(DeviceId, SerialNumber, ReceivedAt);

/// <summary>The device's hub connection opened (<paramref name="Online"/>) or closed.</summary>
public sealed record PresenceReport(Guid DeviceId, string SerialNumber, DateTimeOffset ReceivedAt, bool Online)
    : DeviceReport(DeviceId, SerialNumber, ReceivedAt);

/// <summary>The queue between the hub and the database: the hub never waits on a write.</summary>
public interface IDeviceReportQueue
{
    /// <summary>False when the queue is full (the server is overloaded); the report is dropped and counted.</summary>
    bool TryEnqueue(DeviceReport report);
}
