namespace DeviceTrust.Application.Accounts.Users;

/// <summary>The users and their roles. Scoped, as the identity store behind <see cref="IIdentityService"/> is.</summary>
public sealed class UserQueries(IIdentityService identity)
{
    public Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default) => identity.ListUsersAsync(cancellationToken);
}
