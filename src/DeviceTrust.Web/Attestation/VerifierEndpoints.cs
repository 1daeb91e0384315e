using System.Security.Claims;
using System.Text.Json;
using DeviceTrust.Application.Attestation.Verifier;
using DeviceTrust.Application.Common;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Web.Auth;
using DeviceTrust.Web.Brski;
using Microsoft.AspNetCore.Authorization;

namespace DeviceTrust.Web.Attestation;

/// <summary>
/// The verifier's challenge-response API, as Veraison's services implement it (PROTOCOLS.md), on the device listener:
/// a device calls with its LDevID (it attests as itself only), a relying party with an API token (Operator or
/// SecurityOfficer). Errors are problem details: 400 bad input, 404 unknown session, 406 bad Accept, 415 unsupported
/// evidence type.
/// </summary>
internal static class VerifierEndpoints
{
    public const string Base = "/challenge-response/v1";
    public const string SessionMediaType = "application/vnd.veraison.challenge-response-session+json";
    public const string DiscoveryMediaType = "application/vnd.veraison.discovery+json";
    public const string AttesterPolicy = "Attester";

    /// <summary>Evidence larger than this is refused unread (the EAT library's own cap).</summary>
    private const int MaxEvidenceBytes = EatToken.MaxEncodedLength;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static IServiceCollection AddVerifierAuthorization(this IServiceCollection services) => services.AddAuthorizationBuilder()
        .AddPolicy(AttesterPolicy, p => p.AddAuthenticationSchemes(AuthSchemes.Device, AuthSchemes.ApiToken)
            .RequireAssertion(c => c.User.HasClaim(claim => claim.Type == DeviceAuthenticationHandler.DeviceIdClaim)
                                   || c.User.IsInRole(Domain.Accounts.Roles.Operator) || c.User.IsInRole(Domain.Accounts.Roles.SecurityOfficer)))
        .Services;

    public static IEndpointRouteBuilder MapVerifierEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/veraison/verification", (AttestationResultSigner signer) => Results.Text(JsonSerializer.Serialize(new
            {
                ear_verification_key = JsonDocument.Parse(signer.VerificationKey.ToJwkJson()).RootElement,
                media_types = new[] { ChallengeResponseVerifier.EvidenceMediaType },
                attestation_schemes = new[] { "devicetrust-eat" },
                version = ChallengeResponseVerifier.VerifierId.Build,
                service_state = "READY",
                api_endpoints = new Dictionary<string, string> { ["newChallengeResponseSession"] = $"{Base}/newSession" },
            }, DiscoveryJson), DiscoveryMediaType))
            .AllowAnonymous().AddEndpointFilter(DeviceRequests.RequireTls).WithTags("Attestation").WithName("VerifierDiscovery")
            .WithSummary("Veraison discovery: the EAR verification key (JWK), the evidence media types and the endpoints.");

        var sessions = app.MapGroup(Base).RequireAuthorization(AttesterPolicy).AddEndpointFilter(DeviceRequests.RequireTls).WithTags("Attestation");
        sessions.MapPost("/newSession", async (HttpContext http, ChallengeResponseVerifier verifier, CancellationToken ct) =>
            {
                var (actor, device) = Caller(http.User);
                var query = http.Request.Query;
                int? size = null;
                if (query.TryGetValue("nonceSize", out var sizeText))
                    size = int.TryParse(sizeText, out var parsed) ? parsed : throw RequestValidationException.For("nonceSize", "nonceSize is a number.");
                var nonce = query.TryGetValue("nonce", out var nonceText) ? nonceText.ToString() : null;
                var session = await verifier.NewSessionAsync(actor, device, size, nonce, ct);
                http.Response.Headers.Location = $"session/{session.Id}";
                return SessionResult(session, StatusCodes.Status201Created);
            })
            .WithName("NewChallengeResponseSession").WithSummary("A new session with a fresh nonce (?nonceSize=8..64, default 32) or the caller's (?nonce=base64url).");
        sessions.MapGet("/session/{id:guid}", async (Guid id, HttpContext http, ChallengeResponseVerifier verifier, CancellationToken ct) =>
            {
                var (actor, device) = Caller(http.User);
                return SessionResult(await verifier.GetSessionAsync(actor, device, id, ct), StatusCodes.Status200OK);
            })
            .WithName("GetChallengeResponseSession");
        sessions.MapPost("/session/{id:guid}", async (Guid id, HttpContext http, ChallengeResponseVerifier verifier, CancellationToken ct) =>
            {
                var (actor, device) = Caller(http.User);
                RequireAcceptable(http.Request);
                var body = await http.Request.ReadBoundedBodyAsync(MaxEvidenceBytes)
                           ?? throw RequestValidationException.For("evidence", $"Evidence is at most {MaxEvidenceBytes / 1024} KiB.");
                var session = await verifier.SubmitEvidenceAsync(actor, device, id, http.Request.ContentType, body, ct);
                return SessionResult(session, StatusCodes.Status200OK);
            })
            .WithName("SubmitEvidence").WithSummary("The session's evidence (application/eat+cwt of the DeviceTrust profile): appraised at once, the session answers with the EAR.");
        sessions.MapDelete("/session/{id:guid}", async (Guid id, HttpContext http, ChallengeResponseVerifier verifier, CancellationToken ct) =>
            {
                var (actor, device) = Caller(http.User);
                await verifier.DeleteSessionAsync(actor, device, id, ct);
                return Results.NoContent();
            })
            .WithName("DeleteChallengeResponseSession");
        return app;
    }

    private static readonly JsonSerializerOptions DiscoveryJson = new() { PropertyNamingPolicy = new HyphenNaming() };

    /// <summary>Veraison's discovery document names its members with hyphens (ear-verification-key).</summary>
    private sealed class HyphenNaming : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name.Replace('_', '-');
    }

    private static (Actor Actor, Guid? Device) Caller(ClaimsPrincipal user) =>
        user.FindFirstValue(DeviceAuthenticationHandler.DeviceIdClaim) is { } deviceId
            ? (Actor.Device(user.Identity!.Name!), Guid.Parse(deviceId))
            : (user.ToActor(), null);

    private static void RequireAcceptable(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (accept.Length == 0) return;
        var acceptable = accept.Split(',').Select(a => a.Split(';')[0].Trim())
            .Any(a => a is "*/*" or "application/*" || a.Equals(SessionMediaType, StringComparison.OrdinalIgnoreCase));
        if (!acceptable) throw new NotAcceptableException($"The session answers as {SessionMediaType}.");
    }

    private static IResult SessionResult(SessionView session, int status) =>
        Results.Text(JsonSerializer.Serialize(session, Json), SessionMediaType, System.Text.Encoding.UTF8, status);
}
