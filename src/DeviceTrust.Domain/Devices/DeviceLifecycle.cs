namespace DeviceTrust.Domain.Devices;

/// <summary>
/// The one table of legal lifecycle transitions:
/// Manufactured -> Bootstrapping -> Enrolled -> Operational &lt;-> Quarantined;
/// Operational -> Updating -> Operational (or Quarantined when the update leaves it untrustworthy);
/// Quarantined -> Updating (an update is how a device with a contraindicated component gets well again);
/// any live state -> Revoked -> Decommissioned.
/// </summary>
public static class DeviceLifecycle
{
    private static readonly Dictionary<DeviceState, DeviceState[]> Allowed = new()
    {
        [DeviceState.Manufactured] = [DeviceState.Bootstrapping, DeviceState.Revoked],
        [DeviceState.Bootstrapping] = [DeviceState.Enrolled, DeviceState.Manufactured, DeviceState.Revoked],
        [DeviceState.Enrolled] = [DeviceState.Operational, DeviceState.Quarantined, DeviceState.Revoked],
        [DeviceState.Operational] = [DeviceState.Quarantined, DeviceState.Updating, DeviceState.Revoked],
        [DeviceState.Quarantined] = [DeviceState.Operational, DeviceState.Updating, DeviceState.Revoked],
        [DeviceState.Updating] = [DeviceState.Operational, DeviceState.Quarantined, DeviceState.Revoked],
        [DeviceState.Revoked] = [DeviceState.Decommissioned],
        [DeviceState.Decommissioned] = [],
    };

    public static bool CanTransition(DeviceState from, DeviceState to) => Allowed[from].Contains(to);

    public static IReadOnlyList<DeviceState> NextStates(DeviceState from) => Allowed[from];
}
