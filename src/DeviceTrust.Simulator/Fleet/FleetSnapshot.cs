using DeviceTrust.Simulator.Device;

namespace DeviceTrust.Simulator.Fleet;

/// <summary>Aggregate state of a fleet at one moment; two snapshots give send rates.</summary>
public sealed record FleetSnapshot(
    int Total,
    int Pending,
    int Enrolling,
    int Connecting,
    int Connected,
    int Reconnecting,
    int Rejected,
    int Stopped,
    long MessagesSent,
    long SendErrors,
    long Reconnects,
    long Dropped,
    long Malformed,
    DateTimeOffset TakenAt)
{
    public static FleetSnapshot From(IEnumerable<DeviceSnapshot> devices, DateTimeOffset takenAt)
    {
        int total = 0, pending = 0, enrolling = 0, connecting = 0, connected = 0, reconnecting = 0, rejected = 0, stopped = 0;
        long sent = 0, errors = 0, reconnects = 0, dropped = 0, malformed = 0;
        foreach (var device in devices)
        {
            total++;
            switch (device.Status)
            {
                case DeviceStatus.Pending: pending++; break;
                case DeviceStatus.Enrolling: enrolling++; break;
                case DeviceStatus.Connecting: connecting++; break;
                case DeviceStatus.Connected: connected++; break;
                case DeviceStatus.Reconnecting: reconnecting++; break;
                case DeviceStatus.Rejected: rejected++; break;
                case DeviceStatus.Stopped: stopped++; break;
            }

            sent += device.MessagesSent;
            errors += device.SendErrors;
            reconnects += device.Reconnects;
            dropped += device.Dropped;
            malformed += device.Malformed;
        }

        return new FleetSnapshot(
            total, pending, enrolling, connecting, connected, reconnecting, rejected, stopped,
            sent, errors, reconnects, dropped, malformed, takenAt);
    }

    /// <summary>Messages per second between <paramref name="earlier"/> and this snapshot.</summary>
    public double SendRateSince(FleetSnapshot earlier)
    {
        var seconds = (TakenAt - earlier.TakenAt).TotalSeconds;
        return seconds > 0 ? (MessagesSent - earlier.MessagesSent) / seconds : 0;
    }
}
