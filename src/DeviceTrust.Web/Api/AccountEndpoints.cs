using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Web.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace DeviceTrust.Web.Api;

/// <summary>
/// Sign-in and sign-out as plain form posts (with antiforgery), since a Blazor circuit cannot set cookies.
/// Every attempt, good or bad, is audited.
/// </summary>
internal static class AccountEndpoints
{
    public const string LoginPath = "/account/login";
    public const string SignInPath = "/account/signin";
    public const string SignOutPath = "/account/signout";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(SignInPath, LoginAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(SignOutPath, LogoutAsync).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> LoginAsync(
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
        SignInManager<IdentityUser> signIn, AuditTrail audit, IDeviceTrustDbContextFactory db, HttpContext http, CancellationToken ct)
    {
        var target = IsLocal(returnUrl) ? returnUrl! : "/";
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
            return Results.Redirect($"{LoginPath}?error=missing&returnUrl={Uri.EscapeDataString(target)}");

        var result = await signIn.PasswordSignInAsync(userName, password, isPersistent: false, lockoutOnFailure: true);
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (result.Succeeded)
        {
            await audit.RecordAsync(db, new AuditRecord($"user:{userName}", AuditActions.UserSignedIn, AuditTargets.User, userName, $"{{\"from\":\"{address}\"}}"), ct);
            return Results.LocalRedirect(target);
        }

        var why = result.IsLockedOut ? "locked" : "invalid";
        await audit.RecordAsync(db, new AuditRecord("anonymous", AuditActions.UserSignInFailed, AuditTargets.User, Truncate(userName),
            $"{{\"from\":\"{address}\",\"reason\":\"{why}\"}}"), ct);
        return Results.Redirect($"{LoginPath}?error={why}&returnUrl={Uri.EscapeDataString(target)}");
    }

    private static async Task<IResult> LogoutAsync(SignInManager<IdentityUser> signIn, AuditTrail audit, IDeviceTrustDbContextFactory db, HttpContext http, CancellationToken ct)
    {
        var actor = http.User.ToActor();
        await signIn.SignOutAsync();
        await audit.RecordAsync(db, new AuditRecord(actor.Name, AuditActions.UserSignedOut, AuditTargets.User, http.User.Identity?.Name), ct);
        return Results.Redirect(LoginPath);
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    private static string Truncate(string value) => value.Length <= 100 ? value : value[..100];
}
