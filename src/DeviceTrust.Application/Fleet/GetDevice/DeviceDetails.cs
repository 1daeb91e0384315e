using DeviceTrust.Application.Audit;
using DeviceTrust.Domain.Devices;

namespace DeviceTrust.Application.Fleet.GetDevice;

public sealed record TelemetryPoint(DateTimeOffset MeasuredAt, long UptimeSeconds, double TemperatureCelsius, double BatteryPercent, int SignalDbm);

public sealed record DeviceDetails(
    Guid Id,
    string SerialNumber,
    DeviceState State,
    DateTimeOffset StateChangedAt,
    IReadOnlyList<DeviceState> NextStates,
    string DeviceClass,
    string HardwareModel,
    Guid VendorId,
    Guid ClassId,
    string Manufacturer,
    string? Group,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? LastSeenAt,
    bool IsOnline,
    TelemetryPoint? Telemetry,
    IReadOnlyList<FirmwareComponent> Components,
    IReadOnlyList<TelemetryPoint> RecentTelemetry,
    IReadOnlyList<AuditEntryDto> Timeline);
