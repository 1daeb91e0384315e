using DeviceTrust.Application.Provisioning.Masa;
using DeviceTrust.Application.Provisioning.Registrar;
using DeviceTrust.Enrollment.Brski;

namespace DeviceTrust.Web.Brski;

/// <summary>
/// The registrar's BRSKI endpoints (RFC 8995 5) at /.well-known/brski, and the embedded DEV-ONLY MASA at
/// /masa/{manufacturerId}/.well-known/brski. TLS only; the pledge (or registrar) is known by its TLS client certificate,
/// not by a user sign-in. Errors are problem details: 400 malformed, 403 refused, 413/415, 502 when the MASA fails.
/// </summary>
internal static class BrskiEndpoints
{
    public const string Base = "/.well-known/brski";

    public static IEndpointRouteBuilder MapBrskiEndpoints(this IEndpointRouteBuilder app)
    {
        var brski = app.MapGroup(Base).AllowAnonymous().WithTags("BRSKI").AddEndpointFilter(DeviceRequests.RequireTls);
        brski.MapPost("/requestvoucher", RequestVoucherAsync).WithName("BrskiRequestVoucher")
            .WithSummary("A pledge's signed voucher-request (voucher-cms+json or voucher+cose) -> the MASA's voucher, or 202 + Retry-After while held (RFC 8995 5.2-5.6).");
        brski.MapPost("/voucher_status", (HttpContext http, BrskiRegistrar r) => StatusAsync(http, r, isEnrollStatus: false)).WithName("BrskiVoucherStatus")
            .WithSummary("The pledge reports whether it accepted the voucher (RFC 8995 5.7).");
        brski.MapPost("/enrollstatus", (HttpContext http, BrskiRegistrar r) => StatusAsync(http, r, isEnrollStatus: true)).WithName("BrskiEnrollStatus")
            .WithSummary("The pledge reports whether its EST enrollment succeeded (RFC 8995 5.9.4).");

        var masa = app.MapGroup(EmbeddedMasaEndpoint.PathPrefix + "/{manufacturerId:guid}" + Base).AllowAnonymous().WithTags("BRSKI")
            .AddEndpointFilter(DeviceRequests.RequireTls);
        masa.MapPost("/requestvoucher", MasaRequestVoucherAsync).WithName("MasaRequestVoucher")
            .WithSummary("DEV-ONLY embedded MASA of a simulated manufacturer: a registrar voucher-request -> a signed voucher (RFC 8995 5.5).");
        return app;
    }

    private static async Task<IResult> RequestVoucherAsync(HttpContext http, BrskiRegistrar registrar)
    {
        var mediaType = http.Request.MediaType();
        if (mediaType is not (BrskiMediaTypes.VoucherCmsJson or BrskiMediaTypes.VoucherCose))
            return DeviceRequests.UnsupportedMediaType(mediaType, BrskiMediaTypes.VoucherCmsJson, BrskiMediaTypes.VoucherCose);
        var body = await http.Request.ReadBoundedBodyAsync();
        if (body is null) return DeviceRequests.TooLarge();
        var answer = await registrar.RequestVoucherAsync(body, mediaType, await http.ClientCertificateAsync(), http.RequestAborted);
        return answer.RetryAfter is { } wait
            ? DeviceRequests.RetryAfter(wait, "The pledge is held for an operator's approval; ask again after Retry-After seconds.")
            : Results.Bytes(answer.Voucher!, answer.MediaType);
    }

    private static async Task<IResult> StatusAsync(HttpContext http, BrskiRegistrar registrar, bool isEnrollStatus)
    {
        var mediaType = http.Request.MediaType();
        if (mediaType != BrskiMediaTypes.Json) return DeviceRequests.UnsupportedMediaType(mediaType, BrskiMediaTypes.Json);
        var body = await http.Request.ReadBoundedBodyAsync();
        if (body is null) return DeviceRequests.TooLarge();
        await registrar.RecordStatusAsync(isEnrollStatus, body, await http.ClientCertificateAsync(), http.RequestAborted);
        return Results.Ok();
    }

    private static async Task<IResult> MasaRequestVoucherAsync(Guid manufacturerId, HttpContext http, EmbeddedMasa masa)
    {
        var mediaType = http.Request.MediaType();
        if (mediaType != BrskiMediaTypes.VoucherCmsJson) return DeviceRequests.UnsupportedMediaType(mediaType, BrskiMediaTypes.VoucherCmsJson);
        var body = await http.Request.ReadBoundedBodyAsync();
        if (body is null) return DeviceRequests.TooLarge();
        var (voucher, voucherMediaType) = await masa.IssueVoucherAsync(manufacturerId, body, await http.ClientCertificateAsync(), http.RequestAborted);
        return Results.Bytes(voucher, voucherMediaType);
    }
}
