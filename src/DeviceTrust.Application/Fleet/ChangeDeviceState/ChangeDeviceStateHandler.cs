using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Application.Provisioning.Certificates;
using DeviceTrust.Domain.Provisioning;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Fleet.ChangeDeviceState;

public sealed record ChangeDeviceStateRequest(Guid DeviceId, DeviceState TargetState, string Reason);

/// <summary>An operator moves a device along its lifecycle; the Device aggregate decides whether the move is legal.</summary>
public sealed class ChangeDeviceStateHandler(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, IFleetNotifier notifier, TimeProvider time)
{
    public const int MaxReasonLength = 500;

    public async Task<DeviceStateChanged> HandleAsync(ChangeDeviceStateRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.Operator);
        if (!Enum.IsDefined(request.TargetState)) throw RequestValidationException.For("targetState", "Unknown lifecycle state.");
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > MaxReasonLength)
            throw RequestValidationException.For("reason", $"Give a reason of 1-{MaxReasonLength} characters.");

        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == request.DeviceId, cancellationToken)
                     ?? throw new NotFoundException($"Device {request.DeviceId}");
        var now = time.GetUtcNow();
        var change = device.TransitionTo(request.TargetState, request.Reason.Trim(), now);

        var details = JsonSerializer.Serialize(new { from = change.From.ToString(), to = change.To.ToString(), reason = change.Reason });
        List<AuditRecord> records = [new(actor.Name, AuditActions.DeviceStateChanged, AuditTargets.Device, device.SerialNumber, details)];
        if (change.To == DeviceState.Revoked)
        {
            // A revoked device keeps no usable certificate: they all go on the CRL with the state change.
            var revoked = await CertificateRevocation.RevokeAllAsync(db, device.Id, CertificateRevocationReason.Unspecified, actor.Name, now, cancellationToken);
            records.AddRange(revoked.Select(c => new AuditRecord(actor.Name, AuditActions.CertificateRevoked, AuditTargets.Device, device.SerialNumber,
                JsonSerializer.Serialize(new { certificateSerial = c.SerialNumber, c.Fingerprint, reason = nameof(CertificateRevocationReason.Unspecified) }))));
        }
        await audit.SaveWithAuditAsync(db, records, cancellationToken);
        notifier.Publish([new DeviceChanged(device.Id, device.SerialNumber, DeviceChangeKind.StateChanged)]);
        return change;
    }
}
