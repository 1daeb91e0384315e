using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Accounts.Users;

public sealed record UserSummary(string Id, string UserName, string? Email, string? Role, bool LockedOut);

/// <summary>Lists users and changes their role. Each user has exactly one role; the last SecurityOfficer keeps theirs.</summary>
public sealed class UserAdministration(UserManager<IdentityUser> users, IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = await users.Users.OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var result = new List<UserSummary>(all.Count);
        foreach (var user in all)
        {
            var roles = await users.GetRolesAsync(user);
            result.Add(new UserSummary(user.Id, user.UserName ?? "", user.Email, roles.FirstOrDefault(),
                user.LockoutEnd is { } end && end > time.GetUtcNow()));
        }

        return result;
    }

    public async Task ChangeRoleAsync(Actor actor, string userId, string role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.SecurityOfficer);
        if (!Roles.All.Contains(role)) throw RequestValidationException.For("role", $"The role is one of {string.Join(", ", Roles.All)}.");
        var user = await users.FindByIdAsync(userId) ?? throw new NotFoundException($"User {userId}");
        var current = await users.GetRolesAsync(user);
        if (current.Count == 1 && current[0] == role) return;
        if (current.Contains(Roles.SecurityOfficer) && (await users.GetUsersInRoleAsync(Roles.SecurityOfficer)).Count == 1)
            throw new ForbiddenException("The last security officer cannot lose the role; appoint another first.");

        var removed = await users.RemoveFromRolesAsync(user, current);
        var added = removed.Succeeded ? await users.AddToRoleAsync(user, role) : removed;
        if (!added.Succeeded) throw new InvalidOperationException("Changing the role failed: " + string.Join("; ", added.Errors.Select(e => e.Description)));
        // A changed security stamp signs the user out everywhere, so the new role applies at once.
        await users.UpdateSecurityStampAsync(user);

        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var details = JsonSerializer.Serialize(new { from = string.Join(",", current), to = role });
        await audit.SaveAsync(db, new AuditRecord(actor.Name, AuditActions.UserRoleChanged, AuditTargets.User, user.UserName, details), cancellationToken);
    }
}
