namespace DeviceTrust.Simulator.Device;

public enum DeviceStatus
{
    /// <summary>Created but not started yet (a fleet starts its devices staggered).</summary>
    Pending,
    Connecting,
    Connected,
    Reconnecting,

    /// <summary>The server refused the credentials (401/403). Permanent: the device stops trying.</summary>
    Rejected,
    Stopped,
}
