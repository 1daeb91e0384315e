using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Fleet;

namespace DeviceTrust.Cli.Simulate;

/// <summary>Devices in one state that report the same problem (each its own serial in place of <see cref="FleetView.SerialPlaceholder"/>).</summary>
/// <param name="FirstSerial">One of them, in fleet order, to look up on the server.</param>
public sealed record ProblemGroup(string Problem, int Devices, string FirstSerial);

/// <summary>
/// One look at a running fleet: the counts, why the rejected devices were rejected, and what last went wrong for
/// devices still enrolling or connecting. Groups are ordered most devices first, then by first appearance.
/// </summary>
public sealed record FleetView(
    FleetSnapshot Counts,
    IReadOnlyList<ProblemGroup> Rejections,
    IReadOnlyList<ProblemGroup> EnrollmentProblems,
    IReadOnlyList<ProblemGroup> ConnectionProblems)
{
    /// <summary>Stands for each device's own serial in a grouped problem.</summary>
    public const string SerialPlaceholder = "<serial>";

    public static FleetView Of(FleetSimulator fleet, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(time);
        return Of(fleet.Devices.Select(device => device.GetSnapshot()).ToList(), time.GetUtcNow());
    }

    public static FleetView Of(IReadOnlyList<DeviceSnapshot> devices, DateTimeOffset takenAt)
    {
        ArgumentNullException.ThrowIfNull(devices);
        return new FleetView(FleetSnapshot.From(devices, takenAt), Group(devices, DeviceStatus.Rejected), Group(devices, DeviceStatus.Enrolling),
            Group(devices, DeviceStatus.Connecting));
    }

    private static List<ProblemGroup> Group(IReadOnlyList<DeviceSnapshot> devices, DeviceStatus status) =>
        devices.Where(device => device.Status == status && !string.IsNullOrEmpty(device.Problem))
            // Problems often name the device; without its serial they group across the fleet.
            .GroupBy(device => device.Problem!.Replace(device.Serial, SerialPlaceholder, StringComparison.Ordinal), StringComparer.Ordinal)
            .Select(group => new ProblemGroup(group.Key, group.Count(), group.First().Serial))
            // OrderByDescending is stable, so equal counts keep the order of first appearance.
            .OrderByDescending(group => group.Devices)
            .ToList();
}
