using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Fleet.ChangeDeviceState;

/// <param name="ExpectedState">The state the operator saw when deciding; when the device has moved on since, the change is refused (409).</param>
public sealed record ChangeDeviceStateRequest(Guid DeviceId, DeviceState TargetState, string Reason, DeviceState? ExpectedState = null);

/// <summary>
/// An operator moves a device along its lifecycle; the Device aggregate decides whether the move is legal, and its save
/// audits and publishes the move (and, for Revoked, puts its certificates on the CRL). Quarantined -> Operational is not
/// an operator's move: a security officer releases the device (<see cref="ReleaseDevice.ReleaseDeviceHandler"/>).
/// </summary>
public sealed class ChangeDeviceStateHandler(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time)
{
    public const int MaxReasonLength = 500;

    /// <summary>The moves an operator may make from <paramref name="from"/>: the lifecycle's, but release from quarantine.</summary>
    public static IReadOnlyList<DeviceState> OperatorMoves(DeviceState from) =>
        DeviceLifecycle.NextStates(from).Where(to => !IsRelease(from, to)).ToList();

    private static bool IsRelease(DeviceState from, DeviceState to) => from == DeviceState.Quarantined && to == DeviceState.Operational;

    public async Task<DeviceStateChanged> HandleAsync(ChangeDeviceStateRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.Operator);
        if (!Enum.IsDefined(request.TargetState)) throw RequestValidationException.For("targetState", "Unknown lifecycle state.");
        if (request.ExpectedState is { } expected && !Enum.IsDefined(expected)) throw RequestValidationException.For("expectedState", "Unknown lifecycle state.");
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > MaxReasonLength)
            throw RequestValidationException.For("reason", $"Give a reason of 1-{MaxReasonLength} characters.");

        // What the operator decided on: the state they saw, or else the state of the first read. A conflict caused by
        // the device's own reports is retried; one that moved the device elsewhere is theirs to look at again.
        var decidedOn = request.ExpectedState;
        return await Concurrency.RetryAsync($"Device {request.DeviceId}", async () =>
        {
            await using var db = await dbFactory.CreateAsync(cancellationToken);
            var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == request.DeviceId, cancellationToken)
                         ?? throw new NotFoundException($"Device {request.DeviceId}");
            decidedOn ??= device.State;
            if (IsRelease(device.State, request.TargetState))
                throw new ForbiddenException($"Device {device.SerialNumber} is quarantined: a security officer releases it (POST /api/v1/devices/{device.Id}/release).");
            if (device.State != decidedOn)
                throw new ConflictException($"Device {device.SerialNumber} went from {decidedOn} to {device.State} in the meantime; look again before changing it.");
            var change = device.TransitionTo(request.TargetState, request.Reason, actor.Name, time.GetUtcNow());
            await audit.SaveAsync(db, cancellationToken);
            return change;
        });
    }
}
