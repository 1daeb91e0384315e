using System.Security.Claims;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Updates.Catalog;
using DeviceTrust.Application.Updates.Rollouts;
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
        firmware.MapGet("/trust-anchors", async (HttpContext http, DeviceTrustAnchors anchors, CancellationToken ct) =>
                DeviceOf(http.User) is { } device ? Results.Ok(await anchors.FirmwareAuthorsAsync(device, ct))
                    : throw new ForbiddenException("Only a device asks for the anchors it verifies its firmware with."))
            .WithName("FetchFirmwareTrustAnchors").WithSummary("The FirmwareAuthor anchors covering the calling device's class (LDevID): certificates and SubjectPublicKeyInfos, DER in base64.");
        firmware.MapPost("/reports", async (HttpContext http, UpdateReports reports, CancellationToken ct) =>
            {
                if (DeviceOf(http.User) is not { } device || http.Connection.ClientCertificate is not { } ldevid)
                    throw new ForbiddenException("Only a device reports on its own update.");
                if (!string.Equals(http.Request.ContentType?.Split(';')[0].Trim(), ReportMediaType, StringComparison.OrdinalIgnoreCase))
                    throw new UnsupportedMediaTypeException($"A SUIT report is posted as {ReportMediaType}.");
                var body = await http.Request.ReadBoundedBodyAsync(UpdateReports.MaxReportBytes)
                           ?? throw RequestValidationException.For("report", $"A report is at most {UpdateReports.MaxReportBytes / 1024} KiB.");
                await reports.RecordAsync(Actor.Device(http.User.Identity!.Name!), device, ldevid, body, ct);
                return Results.NoContent();
            })
            .WithName("ReportFirmwareUpdate").WithSummary("The device's signed SUIT report (application/suit-report+cose) on the update it was offered.");
        return app;
    }

    public const string ReportMediaType = "application/suit-report+cose";

    private static Guid? DeviceOf(ClaimsPrincipal user) =>
        user.FindFirstValue(DeviceAuthenticationHandler.DeviceIdClaim) is { } text ? Guid.Parse(text) : null;
}
