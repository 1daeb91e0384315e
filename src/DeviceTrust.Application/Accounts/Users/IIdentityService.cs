namespace DeviceTrust.Application.Accounts.Users;

public sealed record UserSummary(string Id, string UserName, string? Email, string? Role, bool LockedOut);

/// <summary>
/// The user store, as the use cases need it (jasontaylordev/CleanArchitecture's IIdentityService): Application decides
/// who may do what; Infrastructure keeps the users (ASP.NET Core Identity), so Application needs no ASP.NET Core.
/// </summary>
public interface IIdentityService
{
    Task<IReadOnlyList<UserSummary>> ListUsersAsync(CancellationToken cancellationToken = default);

    Task<UserSummary?> FindUserAsync(string userId, CancellationToken cancellationToken = default);

    Task<int> CountInRoleAsync(string role, CancellationToken cancellationToken = default);

    /// <summary>Gives the user exactly <paramref name="role"/> and signs them out everywhere, so the new role applies at once.</summary>
    Task SetRoleAsync(string userId, string role, CancellationToken cancellationToken = default);
}
