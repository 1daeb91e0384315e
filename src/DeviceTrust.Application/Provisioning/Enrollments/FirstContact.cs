using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Provisioning.Enrollments;

/// <summary>
/// An Enrolled device that connects with its LDevID for the first time has joined the domain end to end: it becomes
/// Operational (audited, as every state change is). Devices in any other state are left as they are.
/// </summary>
public sealed class FirstContact(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time)
{
    public const string Reason = "first connection with its LDevID";

    /// <summary>Returns true when the device was Enrolled and is now Operational.</summary>
    public Task<bool> RecordAsync(Guid deviceId, CancellationToken cancellationToken = default) =>
        // Decided afresh from what is read, so a conflict (an operator, a revocation, its own telemetry) is simply retried.
        Concurrency.RetryAsync($"Device {deviceId}", async () =>
        {
            await using var db = await dbFactory.CreateAsync(cancellationToken);
            var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == deviceId && d.State == DeviceState.Enrolled, cancellationToken);
            if (device is null) return false;
            device.TransitionTo(DeviceState.Operational, Reason, Actor.Device(device.SerialNumber).Name, time.GetUtcNow());
            await audit.SaveAsync(db, cancellationToken);
            return true;
        });
}
