using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Provisioning;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Provisioning.Enrollments;

/// <summary>An operator approves or rejects a pledge held by its class's enrollment policy (RFC 8995 5.3).</summary>
public sealed class PledgeDecisions(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time)
{
    public Task ApproveAsync(Guid enrollmentId, string reason, Actor actor, CancellationToken cancellationToken = default) =>
        DecideAsync(enrollmentId, reason, actor, approve: true, cancellationToken);

    public Task RejectAsync(Guid enrollmentId, string reason, Actor actor, CancellationToken cancellationToken = default) =>
        DecideAsync(enrollmentId, reason, actor, approve: false, cancellationToken);

    private async Task DecideAsync(Guid enrollmentId, string reason, Actor actor, bool approve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.Operator);
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > PledgeEnrollment.MaxReasonLength)
            throw RequestValidationException.For("reason", $"Give a reason of 1-{PledgeEnrollment.MaxReasonLength} characters.");

        // The held pledge asks again every Retry-After, which touches its record: that conflict is retried. A pledge
        // decided by someone else in the meantime is refused by the aggregate ("already Approved").
        await Concurrency.RetryAsync($"Enrollment {enrollmentId}", async () =>
        {
            await using var db = await dbFactory.CreateAsync(cancellationToken);
            var enrollment = await db.PledgeEnrollments.FirstOrDefaultAsync(e => e.Id == enrollmentId, cancellationToken)
                             ?? throw new NotFoundException($"Enrollment {enrollmentId}");
            var device = await db.Devices.FirstAsync(d => d.Id == enrollment.DeviceId, cancellationToken);
            var now = time.GetUtcNow();
            if (approve)
            {
                enrollment.Approve(actor.Name, reason, now);
            }
            else
            {
                enrollment.Reject(actor.Name, reason, now);
                // The device did not join: it is back where it was before it asked.
                if (device.State == DeviceState.Bootstrapping)
                    device.TransitionTo(DeviceState.Manufactured, $"pledge rejected: {reason.Trim()}", actor.Name, now);
            }
            await audit.SaveAsync(db, cancellationToken);
        });
    }
}
