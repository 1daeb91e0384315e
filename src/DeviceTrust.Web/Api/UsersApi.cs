using DeviceTrust.Application.Accounts.Users;
using DeviceTrust.Application.Accounts.Users.ChangeUserRole;
using DeviceTrust.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DeviceTrust.Web.Api;

public sealed record ChangeRoleBody(string Role);

internal static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Policies.SecurityOfficer);
        users.MapGet("/", (UserQueries queries, CancellationToken ct) => queries.ListAsync(ct))
            .WithName("ListUsers").WithSummary("Users and their roles (SecurityOfficer).");
        users.MapPut("/{id}/role", async Task<NoContent> (string id, ChangeRoleBody body, ChangeUserRoleHandler changeRole, HttpContext http, CancellationToken ct) =>
            {
                await changeRole.HandleAsync(http.User.ToActor(), id, body.Role, ct);
                return TypedResults.NoContent();
            })
            .WithName("ChangeUserRole").WithSummary("Gives a user another role; they are signed out everywhere (SecurityOfficer).");
        return api;
    }
}
