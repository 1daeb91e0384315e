using DeviceTrust.Application.Fleet;

namespace DeviceTrust.Web.Components.Pages.Provisioning;

/// <summary>Which fleet changes the Enrollment page's views refresh for.</summary>
internal static class EnrollmentChanges
{
    // Telemetry and presence do not change enrollment; state changes (bootstraps, enrollments, revocations) do.
    public static bool Matter(DeviceChanged change) =>
        change.Kind is DeviceChangeKind.StateChanged or DeviceChangeKind.Registered or DeviceChangeKind.Provisioning;
}
