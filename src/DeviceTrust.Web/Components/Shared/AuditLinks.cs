using DeviceTrust.Application.Audit;

namespace DeviceTrust.Web.Components.Shared;

/// <summary>
/// Where an audit entry's target and actor are shown in the app. A device is named by its serial in the log, so its
/// link needs the device's id (<see cref="AuditQueries.DeviceIdsAsync"/>); a device that no longer exists has none.
/// </summary>
public static class AuditLinks
{
    public static string? Target(AuditEntryDto entry, IReadOnlyDictionary<string, Guid> deviceIds)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(deviceIds);
        return entry.TargetType switch
        {
            AuditTargets.Device => Device(AuditQueries.TargetDeviceSerial(entry), deviceIds),
            AuditTargets.TrustAnchor => "/trust-anchors",
            AuditTargets.ProvisioningAuthority => "/tpas",
            AuditTargets.ReferenceValue => "/attestation/reference-values",
            AuditTargets.DeviceClass => "/attestation/policies",
            AuditTargets.FirmwareRelease => $"/firmware/{entry.TargetId}",
            AuditTargets.Rollout => $"/rollouts/{entry.TargetId}",
            AuditTargets.User when entry.TargetId.Length > 0 => "/users",
            _ => null,
        };
    }

    public static string? Actor(string actor, IReadOnlyDictionary<string, Guid> deviceIds) =>
        Device(AuditQueries.ActorDeviceSerial(actor), deviceIds);

    private static string? Device(string? serial, IReadOnlyDictionary<string, Guid> deviceIds) =>
        serial is not null && deviceIds.TryGetValue(serial, out var id) ? $"/devices/{id}" : null;
}
