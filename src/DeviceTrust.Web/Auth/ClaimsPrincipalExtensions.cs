using System.Security.Claims;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;

namespace DeviceTrust.Web.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in user as the use cases see them: name for the audit trail, roles for their checks.</summary>
    public static Actor ToActor(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier)
                 ?? throw new InvalidOperationException("The principal is not a signed-in user.");
        return Actor.User(principal.Identity?.Name ?? id, id, Roles.All.Where(principal.IsInRole));
    }
}
