using System.Text.Json.Serialization;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Infrastructure;
using DeviceTrust.Simulator;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Hosting;
using DeviceTrust.Web.Api;
using DeviceTrust.Web.Attestation;
using DeviceTrust.Web.Auth;
using DeviceTrust.Web.Simulation;
using DeviceTrust.Web.WhatIf;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace DeviceTrust.Web;

public static class WebServices
{
    /// <summary>Everything the web app needs: the layers below, auth, Blazor + MudBlazor, SignalR, the API and the hosted simulator.</summary>
    public static WebApplicationBuilder AddWebServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        // Sign-in is a web concern: the layers below manage users, the web app signs them in.
        builder.AddInfrastructureServices().AddSignInManager();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = AuthSchemes.UserOrToken;
                o.DefaultChallengeScheme = AuthSchemes.UserOrToken;
            })
            .AddPolicyScheme(AuthSchemes.UserOrToken, "Sign-in cookie or API token", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? AuthSchemes.ApiToken
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(AuthSchemes.ApiToken, null)
            .AddScheme<AuthenticationSchemeOptions, DeviceAuthenticationHandler>(AuthSchemes.Device, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = AccountEndpoints.LoginPath;
            o.AccessDeniedPath = "/access-denied";
            o.Cookie.Name = "DeviceTrust.Auth";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // The API answers 401/403; only pages redirect to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
        });
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Reader, p => p.RequireRole(Roles.All))
            .AddPolicy(Policies.Operator, p => p.RequireRole(Roles.Operator))
            .AddPolicy(Policies.SecurityOfficer, p => p.RequireRole(Roles.SecurityOfficer));
        services.AddVerifierAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationStateProvider>();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddSignalR();
        services.AddSingleton<Hubs.DeviceConnections>();
        services.AddHostedService(sp => sp.GetRequiredService<Hubs.DeviceConnections>());
        services.Replace(ServiceDescriptor.Singleton<Application.Attestation.Verifier.IDeviceAttestationChannel, Hubs.HubAttestationChannel>());
        services.AddHostedService<Hubs.AttestationScheduler>();
        services.Replace(ServiceDescriptor.Singleton<Application.Updates.Rollouts.IDeviceUpdateChannel, Hubs.HubUpdateChannel>());
        services.AddHostedService<Updates.RolloutConductorService>();
        services.AddWhatIfRuns();
        services.AddOpenApi();
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        services.AddSingleton<ISimulatedFleetSource, DatabaseFleetSource>();
        services.AddSingleton<SimulatedReferenceValues>();
        services.AddSingleton<SimulatedFirmwareReleases>();
        services.AddSingleton<IIdevidIssuer, ManufacturerIdevidIssuer>();
        services.AddSingleton<IDeviceStorage>(sp =>
        {
            var directory = sp.GetRequiredService<IOptions<SimulatorOptions>>().Value.StateDirectory;
            return string.IsNullOrWhiteSpace(directory)
                ? new InMemoryDeviceStorage()
                : new DirectoryDeviceStorage(Path.Combine(builder.Environment.ContentRootPath, directory),
                    new DataProtectionStorageProtector(sp.GetRequiredService<IDataProtectionProvider>()),
                    sp.GetRequiredService<ILogger<DirectoryDeviceStorage>>());
        });
        builder.AddDeviceSimulator();
        return builder;
    }

    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/openapi"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
