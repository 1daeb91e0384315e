using DeviceTrust.Application.Audit;
using DeviceTrust.Domain.Devices;

namespace DeviceTrust.Application.Fleet.GetDevice;

public sealed record TelemetryPoint(DateTimeOffset MeasuredAt, long UptimeSeconds, double TemperatureCelsius, double BatteryPercent, int SignalDbm);

/// <param name="Ueid">The device's UEID (RFC 9711 §4.2.1) in base64url without padding, as its attestation evidence carries it.</param>
/// <param name="AttestationModel">How its class's evidence is checked: signed by an endorsed key, or MACed and vouched for by the manufacturer's verifier.</param>
public sealed record DeviceDetails(
    Guid Id,
    string SerialNumber,
    string Ueid,
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
    IReadOnlyList<AuditEntryDto> Timeline,
    DeviceTrust.Domain.Attestation.AttestationModel AttestationModel = DeviceTrust.Domain.Attestation.AttestationModel.Endorsed);
