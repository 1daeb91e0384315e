using DeviceTrust.Domain.Devices;

namespace DeviceTrust.Application.Fleet.ListDevices;

public enum DeviceSort
{
    Serial,
    State,
    DeviceClass,
    Firmware,
    LastSeen,
}

/// <summary>A page of the device table: filters combine with AND; <see cref="Search"/> matches part of the serial.</summary>
public sealed record DeviceQuery(
    int Page = 0,
    int PageSize = 25,
    DeviceSort SortBy = DeviceSort.Serial,
    bool Descending = false,
    DeviceState? State = null,
    Guid? DeviceClassId = null,
    string? FirmwareVersion = null,
    Guid? GroupId = null,
    bool? Online = null,
    string? Search = null);

/// <param name="LatestVerdict">The verdict of the device's latest attestation; null before its first.</param>
public sealed record DeviceRow(
    Guid Id,
    string SerialNumber,
    DeviceState State,
    string DeviceClass,
    string Manufacturer,
    string? Group,
    string? FirmwareVersion,
    bool IsOnline,
    DateTimeOffset? LastSeenAt,
    double? TemperatureCelsius,
    double? BatteryPercent,
    DeviceTrust.Domain.Attestation.AttestationVerdict? LatestVerdict = null);
