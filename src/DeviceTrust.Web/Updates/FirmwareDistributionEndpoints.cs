using System.Security.Claims;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Updates.Catalog;
using DeviceTrust.Web.Api;
using DeviceTrust.Web.Auth;
using DeviceTrust.Web.Brski;

namespace DeviceTrust.Web.Updates;

/// <summary>
/// Where devices fetch firmware, on the device listener with their LDevID: a release's signed envelope, and images by
/// their SHA-256 (the URI the catalog writes into the manifests it builds). A device gets only what is published for its
/// own class; an operator or security officer with an API token gets anything.
/// </summary>
internal static class FirmwareDistributionEndpoints
{
    public const string ImagesPath = "/firmware/images";

    public static IEndpointRouteBuilder MapFirmwareDistribution(this IEndpointRouteBuilder app)
    {
        var firmware = app.MapGroup("/firmware").RequireAuthorization(Attestation.VerifierEndpoints.AttesterPolicy).AddEndpointFilter(DeviceRequests.RequireTls)
            .WithTags("Firmware distribution");
        firmware.MapGet("/releases/{id:guid}/envelope", async (Guid id, HttpContext http, FirmwareCatalogQueries queries, CancellationToken ct) =>
            {
                var (envelope, release) = await queries.EnvelopeAsync(id, ct);
                if (DeviceOf(http.User) is { } device && await queries.DeviceClassOfAsync(device, ct) != release.DeviceClassId)
                    throw new NotFoundException($"Release {id}");
                return Results.File(envelope, FirmwareApi.EnvelopeMediaType);
            })
            .WithName("FetchFirmwareEnvelope").WithSummary("A release's SUIT envelope, for a device of its class (LDevID) or an API token.");
        firmware.MapGet("/images/{digest:regex(^[0-9a-fA-F]{{64}}$)}", async (string digest, HttpContext http, FirmwareCatalogQueries queries, CancellationToken ct) =>
            {
                if (DeviceOf(http.User) is { } device && await queries.DeviceClassOfAsync(device, ct) is var classId
                    && (classId is null || !await queries.IsPublishedForClassAsync(digest, classId.Value, ct)))
                    throw new NotFoundException($"Image {digest}");
                var image = await queries.ImageAsync(digest, ct) ?? throw new NotFoundException($"Image {digest}");
                return Results.File(image, "application/octet-stream");
            })
            .WithName("FetchFirmwareImage").WithSummary("An image by its SHA-256 (hex), for a device whose class has a release installing it (LDevID) or an API token.");
        return app;
    }

    private static Guid? DeviceOf(ClaimsPrincipal user) =>
        user.FindFirstValue(DeviceAuthenticationHandler.DeviceIdClaim) is { } text ? Guid.Parse(text) : null;
}
