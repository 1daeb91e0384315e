using System.Security.Claims;
using DeviceTrust.Application.Common;

namespace DeviceTrust.Web.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in user as the audit trail names them.</summary>
    public static Actor ToActor(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier)
                 ?? throw new InvalidOperationException("The principal is not a signed-in user.");
        return Actor.User(principal.Identity?.Name ?? id, id);
    }
}
