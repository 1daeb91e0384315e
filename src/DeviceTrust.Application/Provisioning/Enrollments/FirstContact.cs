using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Provisioning.Enrollments;

/// <summary>
/// An Enrolled device that connects with its LDevID for the first time has joined the domain end to end: it becomes
/// Operational (audited, as every state change is). Devices in any other state are left as they are.
/// </summary>
public sealed class FirstContact(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, IFleetNotifier notifier, TimeProvider time)
{
    public const string Reason = "first connection with its LDevID";

    /// <summary>Returns true when the device was Enrolled and is now Operational.</summary>
    public async Task<bool> RecordAsync(Guid deviceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == deviceId && d.State == DeviceState.Enrolled, cancellationToken);
        if (device is null) return false;
        var change = device.TransitionTo(DeviceState.Operational, Reason, time.GetUtcNow());
        try
        {
            await audit.SaveWithAuditAsync(db, new AuditRecord(Actor.Device(device.SerialNumber).Name, AuditActions.DeviceStateChanged, AuditTargets.Device,
                device.SerialNumber, JsonSerializer.Serialize(new { from = change.From.ToString(), to = change.To.ToString(), reason = change.Reason })), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
        notifier.Publish([new DeviceChanged(device.Id, device.SerialNumber, DeviceChangeKind.StateChanged)]);
        return true;
    }
}
