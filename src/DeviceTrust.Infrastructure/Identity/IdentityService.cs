using DeviceTrust.Application.Accounts.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Infrastructure.Identity;

/// <summary>The application's user store over ASP.NET Core Identity. Each user holds one role.</summary>
internal sealed class IdentityService(UserManager<IdentityUser> users, TimeProvider time) : IIdentityService
{
    public async Task<IReadOnlyList<UserSummary>> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        var all = await users.Users.OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var result = new List<UserSummary>(all.Count);
        foreach (var user in all) result.Add(await SummaryAsync(user));
        return result;
    }

    public async Task<UserSummary?> FindUserAsync(string userId, CancellationToken cancellationToken = default) =>
        await users.FindByIdAsync(userId) is { } user ? await SummaryAsync(user) : null;

    public async Task<int> CountInRoleAsync(string role, CancellationToken cancellationToken = default) => (await users.GetUsersInRoleAsync(role)).Count;

    public async Task SetRoleAsync(string userId, string role, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException($"User {userId} vanished while its role was changed.");
        var removed = await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
        var added = removed.Succeeded ? await users.AddToRoleAsync(user, role) : removed;
        if (!added.Succeeded) throw new InvalidOperationException("Changing the role failed: " + string.Join("; ", added.Errors.Select(e => e.Description)));
        // A changed security stamp signs the user out everywhere.
        await users.UpdateSecurityStampAsync(user);
    }

    private async Task<UserSummary> SummaryAsync(IdentityUser user) =>
        new(user.Id, user.UserName ?? "", user.Email, (await users.GetRolesAsync(user)).FirstOrDefault(), user.LockoutEnd is { } end && end > time.GetUtcNow());
}
