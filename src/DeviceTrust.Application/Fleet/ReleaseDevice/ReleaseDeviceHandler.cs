using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Fleet.ReleaseDevice;

/// <summary>
/// A security officer releases a quarantined device back into service (Quarantined -> Operational), with a reason; the
/// move is audited under their name like every other. It is the only way out of quarantine to Operational besides an
/// affirming verdict where the class's policy allows that: an operator's state change may not make this move.
/// </summary>
public sealed class ReleaseDeviceHandler(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time)
{
    public async Task<DeviceStateChanged> HandleAsync(Guid deviceId, string reason, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.SecurityOfficer);
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > ChangeDeviceState.ChangeDeviceStateHandler.MaxReasonLength)
            throw RequestValidationException.For("reason", $"Give a reason of 1-{ChangeDeviceState.ChangeDeviceStateHandler.MaxReasonLength} characters.");
        // Decided afresh from what is read: only the device's own reports can conflict, and they do not change its state.
        return await Concurrency.RetryAsync($"Device {deviceId}", async () =>
        {
            await using var db = await dbFactory.CreateAsync(cancellationToken);
            var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken) ?? throw new NotFoundException($"Device {deviceId}");
            if (device.State != DeviceState.Quarantined)
                throw new ConflictException($"Device {device.SerialNumber} is {device.State}, not Quarantined: there is nothing to release.");
            var change = device.TransitionTo(DeviceState.Operational, $"released from quarantine: {reason.Trim()}", actor.Name, time.GetUtcNow());
            await audit.SaveAsync(db, cancellationToken);
            return change;
        });
    }
}
