using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;

namespace DeviceTrust.Application.Accounts.Users.ChangeUserRole;

/// <summary>
/// A security officer gives a user another role. Each user has exactly one role; the last SecurityOfficer keeps theirs.
/// Scoped, as the identity store behind <see cref="IIdentityService"/> is.
/// </summary>
public sealed class ChangeUserRoleHandler(IIdentityService identity, IDeviceTrustDbContextFactory dbFactory, AuditTrail audit)
{
    public async Task HandleAsync(Actor actor, string userId, string role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.SecurityOfficer);
        if (!Roles.All.Contains(role)) throw RequestValidationException.For("role", $"The role is one of {string.Join(", ", Roles.All)}.");
        var user = await identity.FindUserAsync(userId, cancellationToken) ?? throw new NotFoundException($"User {userId}");
        if (user.Role == role) return;
        if (user.Role == Roles.SecurityOfficer && await identity.CountInRoleAsync(Roles.SecurityOfficer, cancellationToken) == 1)
            throw new ForbiddenException("The last security officer cannot lose the role; appoint another first.");

        await identity.SetRoleAsync(userId, role, cancellationToken);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var details = JsonSerializer.Serialize(new { from = user.Role ?? "", to = role });
        await audit.SaveAsync(db, new AuditRecord(actor.Name, AuditActions.UserRoleChanged, AuditTargets.User, user.UserName, details), cancellationToken);
    }
}
