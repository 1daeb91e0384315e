using DeviceTrust.Infrastructure.Persistence;
using DeviceTrust.Web;
using DeviceTrust.Web.Api;
using DeviceTrust.Web.Attestation;
using DeviceTrust.Web.Auth;
using DeviceTrust.Web.Brski;
using DeviceTrust.Web.Components;
using DeviceTrust.Web.Est;
using DeviceTrust.Web.Hubs;
using DeviceTrust.Web.Updates;
using DeviceTrust.Web.WhatIf;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddSharedDevelopmentSettings();
builder.AddWebServices();
builder.AddDeviceListener();

var app = builder.Build();
await app.Services.InitializeDatabaseAsync();

if (!app.Environment.IsDevelopment()) app.UseHsts();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAccountEndpoints();
app.MapPkiEndpoints();
app.MapEstEndpoints();
app.MapBrskiEndpoints();
app.MapVerifierEndpoints();
app.MapFirmwareDistribution();
app.MapVendorVerifierEndpoints();
var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.Reader).MapDevicesApi().MapAuditApi().MapTokensApi().MapUsersApi().MapTrustApi().MapAttestationApi().MapFirmwareApi().MapRolloutsApi().MapEnrollmentApi()
    .MapRefusalsApi().MapSimulatorApi().MapWhatIfApi();
if (app.Environment.IsDevelopment()) api.MapDevelopmentApi();
app.UseEmbeddedMasaAddress();
app.MapHub<DeviceHub>(DeviceHub.Path);
app.MapOpenApi().RequireAuthorization(Policies.Reader);
app.MapScalarApiReference("/api/reference", o => o.WithTitle("DeviceTrust API").WithOpenApiRoutePattern("/openapi/{documentName}.json").DisableDefaultFonts())
    .RequireAuthorization(Policies.Reader);
app.MapGet("/health", () => Results.Ok(new { status = "ok" })).AllowAnonymous().ExcludeFromDescription();

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
