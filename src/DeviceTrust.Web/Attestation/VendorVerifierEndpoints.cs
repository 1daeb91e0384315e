using System.Text.Json;
using DeviceTrust.Application.Attestation.Vendor;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Web.Brski;

namespace DeviceTrust.Web.Attestation;

/// <summary>
/// The embedded DEV-ONLY attestation verifiers of simulated manufacturers at /vendor-verifier/{manufacturerId}/appraise:
/// JSON <c>{"serialNumber": "...", "evidence": "base64url"}</c> in, an EAR JWT out (<see cref="EmbeddedVendorVerifier"/>).
/// TLS only, like the embedded MASA; errors are problem details (400 malformed, 404 no such verifier, 413, 415).
/// </summary>
internal static class VendorVerifierEndpoints
{
    private static readonly string ResultContentType =
        $"{EmbeddedVendorVerifier.ResultMediaType}; eat_profile=\"{DeviceTrust.Attestation.Ear.EarClaimNames.InUse.Profile}\"";

    // The evidence (at most 64 KiB) in base64url, with room for the serial number and the JSON around it.
    private const int MaxBodyBytes = EatToken.MaxEncodedLength * 4 / 3 + 1024;

    public static IEndpointRouteBuilder MapVendorVerifierEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup(EmbeddedVendorVerifier.PathPrefix + "/{manufacturerId:guid}").AllowAnonymous().WithTags("Attestation")
            .AddEndpointFilter(DeviceRequests.RequireTls)
            .MapPost("/appraise", AppraiseAsync).WithName("VendorVerifierAppraise")
            .WithSummary("DEV-ONLY attestation verifier of a simulated manufacturer: MACed evidence of one of its devices -> an EAR JWT signed by the manufacturer.");
        return app;
    }

    private static async Task<IResult> AppraiseAsync(Guid manufacturerId, HttpContext http, EmbeddedVendorVerifier verifier)
    {
        var mediaType = http.Request.MediaType();
        if (mediaType != "application/json") return DeviceRequests.UnsupportedMediaType(mediaType, "application/json");
        var body = await http.Request.ReadBoundedBodyAsync(MaxBodyBytes);
        if (body is null) return DeviceRequests.TooLarge();
        VendorAppraisalRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<VendorAppraisalRequest>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request is invalid.", detail: $"The body is not the JSON expected: {e.Message}");
        }
        if (request is not { SerialNumber: not null, Evidence: not null })
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request is invalid.", detail: "serialNumber and evidence are required.");
        var ear = await verifier.AppraiseAsync(manufacturerId, request, http.RequestAborted);
        return Results.Text(ear, ResultContentType);
    }
}
