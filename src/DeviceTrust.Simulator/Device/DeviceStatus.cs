namespace DeviceTrust.Simulator.Device;

public enum DeviceStatus
{
    /// <summary>Created but not started yet (a fleet starts its devices staggered).</summary>
    Pending,

    /// <summary>Bootstrapping (BRSKI voucher, EST enrollment), or waiting for an operator to approve it.</summary>
    Enrolling,
    Connecting,
    Connected,
    Reconnecting,

    /// <summary>
    /// The domain refused the device: enrollment refused, or the hub refused its certificate (401/403). Permanent: the
    /// device stops trying until its faults change. <see cref="DeviceSnapshot.Problem"/> says why.
    /// </summary>
    Rejected,
    Stopped,
}
