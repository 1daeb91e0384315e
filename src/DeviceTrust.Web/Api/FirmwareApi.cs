using DeviceTrust.Application.Common;
using DeviceTrust.Application.Updates.Catalog;
using DeviceTrust.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Web.Api;

/// <param name="Reason">Why the release is withdrawn (audited).</param>
public sealed record WithdrawReleaseBody(string Reason);

/// <param name="Version">The new release's version; empty: the earlier one's with "-rollback".</param>
public sealed record RollbackBody(string? Version);

/// <summary>
/// The firmware catalog: list and read releases (every role), publish and withdraw (Operator). Uploads are
/// multipart/form-data, read here against the catalog's caps before any byte is kept; the sign-in cookie is
/// SameSite=Strict and API callers use a bearer token, so the form post needs no antiforgery token.
/// </summary>
internal static class FirmwareApi
{
    public const string EnvelopeMediaType = "application/suit-envelope+cose";

    public static RouteGroupBuilder MapFirmwareApi(this RouteGroupBuilder api)
    {
        var releases = api.MapGroup("/firmware/releases").WithTags("Firmware");
        releases.MapGet("/", (FirmwareCatalogQueries queries, CancellationToken ct, Guid? deviceClassId = null) => queries.ListAsync(deviceClassId, ct))
            .WithName("ListFirmwareReleases").WithSummary("Releases per class, newest sequence number first; IsLatest marks each class's highest available release.");
        releases.MapGet("/{id:guid}", (Guid id, FirmwareCatalogQueries queries, CancellationToken ct) => queries.GetAsync(id, ct))
            .WithName("GetFirmwareRelease");
        releases.MapGet("/{id:guid}/envelope", async (Guid id, FirmwareCatalogQueries queries, CancellationToken ct) =>
                Results.File((await queries.EnvelopeAsync(id, ct)).Envelope, EnvelopeMediaType, $"release-{id}.suit"))
            .WithName("GetFirmwareReleaseEnvelope").WithSummary("The signed SUIT envelope as published (application/suit-envelope+cose).");
        releases.MapGet("/{id:guid}/manifest", (Guid id, FirmwareCatalogQueries queries, CancellationToken ct) => queries.ManifestAsync(id, ct))
            .WithName("GetFirmwareManifest").WithSummary("The manifest as an outline (tree and indented lines) and in CBOR diagnostic notation.");
        releases.MapGet("/compare", (Guid from, Guid to, FirmwareCatalogQueries queries, CancellationToken ct) => queries.CompareAsync(from, to, ct))
            .WithName("CompareFirmwareManifests").WithSummary("A line diff of two releases' manifest outlines (?from=&to=).");
        releases.MapPost("/images", async Task<Created<FirmwareReleaseItem>> (HttpContext http, PublishFirmwareHandler publish,
                IOptions<FirmwareCatalogOptions> options, CancellationToken ct) =>
            {
                var form = await ReadFormAsync(http, options.Value.MaxImageBytes, ct);
                var request = new PublishImageRequest(
                    Guid.TryParse(form["deviceClassId"], out var classId) ? classId : throw RequestValidationException.For("deviceClassId", "deviceClassId is a UUID."),
                    form["version"].ToString(), form["component"].ToString() is { Length: > 0 } component ? component : "firmware",
                    await ReadFileAsync(form.Files.GetFile("image"), "image", ct),
                    form["sequenceNumber"].ToString() is { Length: > 0 } sequence
                        ? long.TryParse(sequence, out var number) ? number : throw RequestValidationException.For("sequenceNumber", "sequenceNumber is a whole number.")
                        : null,
                    form["description"].ToString());
                var release = await publish.PublishImageAsync(http.User.ToActor(), request, ct);
                return TypedResults.Created($"/api/v1/firmware/releases/{release.Id}", release);
            })
            .RequireAuthorization(Policies.Operator).DisableAntiforgery().WithName("PublishFirmwareImage")
            .WithSummary("multipart/form-data: deviceClassId, version, image (file), and optionally component (default firmware), sequenceNumber, description. "
                         + "The catalog builds the manifest and signs it with its firmware-author key (Operator).");
        releases.MapPost("/envelopes", async Task<Created<FirmwareReleaseItem>> (HttpContext http, PublishFirmwareHandler publish,
                IOptions<FirmwareCatalogOptions> options, CancellationToken ct) =>
            {
                var form = await ReadFormAsync(http, options.Value.MaxImageBytes * 4 + options.Value.MaxEnvelopeBytes, ct);
                var envelope = await ReadFileAsync(form.Files.GetFile("envelope"), "envelope", ct);
                var images = new List<byte[]>();
                foreach (var file in form.Files.GetFiles("images")) images.Add(await ReadFileAsync(file, "images", ct));
                var request = new PublishEnvelopeRequest(envelope, images, NullIfEmpty(form["version"]), NullIfEmpty(form["description"]));
                var release = await publish.PublishEnvelopeAsync(http.User.ToActor(), request, ct);
                return TypedResults.Created($"/api/v1/firmware/releases/{release.Id}", release);
            })
            .RequireAuthorization(Policies.Operator).DisableAntiforgery().WithName("PublishFirmwareEnvelope")
            .WithSummary("multipart/form-data: envelope (a SUIT envelope signed by a FirmwareAuthor anchor of its class), images (files: those the catalog does not hold), "
                         + "and optionally version, description (Operator).");
        releases.MapPost("/{id:guid}/rollback", async Task<Created<FirmwareReleaseItem>> (Guid id, RollbackBody? body, PublishFirmwareHandler publish, HttpContext http,
                CancellationToken ct) =>
            {
                var release = await publish.RollBackToAsync(http.User.ToActor(), id, body?.Version, ct);
                return TypedResults.Created($"/api/v1/firmware/releases/{release.Id}", release);
            })
            .RequireAuthorization(Policies.Operator).WithName("RollBackToFirmwareRelease")
            .WithSummary("A new release of this one's images, signed by the catalog, with a sequence number above every release of the class (Operator).");
        releases.MapPost("/{id:guid}/withdraw", async Task<NoContent> (Guid id, WithdrawReleaseBody body, PublishFirmwareHandler publish, HttpContext http,
                CancellationToken ct) =>
            {
                await publish.WithdrawAsync(http.User.ToActor(), id, body.Reason, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Operator).WithName("WithdrawFirmwareRelease").WithSummary("No longer offered to rollouts; kept for history (Operator).");
        return api;
    }

    private static async Task<IFormCollection> ReadFormAsync(HttpContext http, long maxBytes, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
            throw new UnsupportedMediaTypeException("Uploads are multipart/form-data.");
        // The whole form, files and fields, within the cap (plus room for the fields and the multipart framing).
        var limit = maxBytes + 64 * 1024;
        if (http.Request.ContentLength > limit)
            throw RequestValidationException.For("image", $"The upload is {http.Request.ContentLength} bytes; the catalog accepts at most {maxBytes} per image.");
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        try
        {
            return await http.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = limit }, ct);
        }
        catch (InvalidDataException e)
        {
            // No boundary, a broken part, or a part over the limit: the form cannot be read.
            throw RequestValidationException.For("form", $"Not a readable multipart/form-data upload: {e.Message}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw RequestValidationException.For("image", $"The upload is over {limit} bytes; the catalog accepts at most {maxBytes} per image.");
        }
    }

    private static async Task<byte[]> ReadFileAsync(IFormFile? file, string field, CancellationToken ct)
    {
        if (file is null || file.Length == 0) throw RequestValidationException.For(field, $"The form has no {field} file.");
        using var buffer = new MemoryStream((int)Math.Min(file.Length, int.MaxValue));
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.ToString() is { Length: > 0 } text ? text : null;
}
