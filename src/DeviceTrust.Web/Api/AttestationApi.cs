using System.Text;
using DeviceTrust.Application.Attestation.History;
using DeviceTrust.Application.Attestation.Keys;
using DeviceTrust.Application.Attestation.Policies;
using DeviceTrust.Application.Attestation.ReferenceValues;
using DeviceTrust.Application.Attestation.Verifier;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DeviceTrust.Web.Api;

/// <param name="Material">The public key: PEM SubjectPublicKeyInfo or certificate, or base64 of DER or of a COSE_Key.</param>
public sealed record AttestationKeyBody(string Material);

/// <param name="Ear">An EAR as a compact JWT.</param>
public sealed record EarBody(string? Ear);

internal static class AttestationApi
{
    public static RouteGroupBuilder MapAttestationApi(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/devices/{deviceId:guid}/attestation-keys").WithTags("Attestation");
        keys.MapGet("/", (Guid deviceId, AttestationKeyQueries queries, CancellationToken ct) => queries.ListAsync(deviceId, ct))
            .WithName("ListAttestationKeys").WithSummary("The device's attestation keys, newest first, retired ones included.");
        keys.MapPost("/", async Task<Created<AttestationKeySummary>> (Guid deviceId, AttestationKeyBody body, RegisterAttestationKeyHandler register,
                HttpContext http, CancellationToken ct) =>
            {
                var key = await register.HandleAsync(http.User.ToActor(), deviceId, Decode(body.Material), ct);
                return TypedResults.Created($"/api/v1/devices/{deviceId}/attestation-keys/{key.Id}", key);
            })
            .RequireAuthorization(Policies.SecurityOfficer).WithName("RegisterAttestationKey")
            .WithSummary("Binds an EC P-256 attestation public key to the device (SecurityOfficer); its kid is SHA-256 of the SubjectPublicKeyInfo.");
        keys.MapPost("/{keyId:guid}/retire", async Task<NoContent> (Guid deviceId, Guid keyId, RetireBody body, RetireAttestationKeyHandler retire,
                HttpContext http, CancellationToken ct) =>
            {
                await retire.HandleAsync(http.User.ToActor(), deviceId, keyId, body.Reason, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.SecurityOfficer).WithName("RetireAttestationKey").WithSummary("Stops accepting the key's evidence (SecurityOfficer).");

        var values = api.MapGroup("/reference-values").WithTags("Attestation");
        values.MapGet("/", (ReferenceValueQueries queries, CancellationToken ct, Guid? deviceClassId = null, string? firmwareVersion = null) =>
                queries.ListAsync(deviceClassId, firmwareVersion, ct))
            .WithName("ListReferenceValues").WithSummary("Active reference values, by class, firmware version and component.");
        values.MapPost("/", async Task<Created<ReferenceValueItem>> (ReferenceValueEntry body, ReferenceValueHandlers handlers, HttpContext http, CancellationToken ct) =>
            {
                var value = await handlers.AddAsync(http.User.ToActor(), body, ct);
                return TypedResults.Created($"/api/v1/reference-values/{value.Id}", value);
            })
            .RequireAuthorization(Policies.SecurityOfficer).WithName("AddReferenceValue").WithSummary("Adds a component digest for a class's firmware version (SecurityOfficer).");
        values.MapDelete("/{id:guid}", async Task<NoContent> (Guid id, ReferenceValueHandlers handlers, HttpContext http, CancellationToken ct) =>
            {
                await handlers.RemoveAsync(http.User.ToActor(), id, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.SecurityOfficer).WithName("RemoveReferenceValue").WithSummary("Removes a reference value; kept for history (SecurityOfficer).");
        values.MapGet("/export", (ReferenceValueQueries queries, CancellationToken ct, Guid? deviceClassId = null) => queries.ExportAsync(deviceClassId, ct))
            .WithName("ExportReferenceValues").WithSummary("The active values as a JSON array that /import reads back.");
        values.MapPost("/import", (IReadOnlyList<ReferenceValueEntry> body, ReferenceValueHandlers handlers, HttpContext http, CancellationToken ct) =>
                handlers.ImportAsync(http.User.ToActor(), body, ct))
            .RequireAuthorization(Policies.SecurityOfficer).WithName("ImportReferenceValues")
            .WithSummary("Adds every entry of an exported file, all or nothing; entries already stored are left alone (SecurityOfficer).");
        var policies = api.MapGroup("/attestation/policies").WithTags("Attestation");
        policies.MapGet("/", (AttestationPolicies handler, CancellationToken ct) => handler.ListAsync(ct))
            .WithName("ListAttestationPolicies").WithSummary("Each device class's appraisal policy: debug tolerance, required claims, re-attestation interval, what a warning does.");
        policies.MapPut("/{deviceClassId:guid}", (Guid deviceClassId, ChangeAttestationPolicyRequest body, AttestationPolicies handler, HttpContext http,
                CancellationToken ct) => handler.ChangeAsync(http.User.ToActor(), deviceClassId, body, ct))
            .RequireAuthorization(Policies.SecurityOfficer).WithName("ChangeAttestationPolicy")
            .WithSummary("Replaces a class's policy; it takes the next version (SecurityOfficer; 409 when expectedVersion is not the current one).");
        var appraisals = api.MapGroup("/attestation/appraisals").WithTags("Attestation");
        appraisals.MapGet("/", (AppraisalQueries queries, CancellationToken ct, Guid? deviceId = null, Guid? deviceClassId = null, AttestationVerdict? verdict = null,
                DateTimeOffset? from = null, DateTimeOffset? to = null, int page = 0, int pageSize = 50) =>
                queries.ListAsync(new AppraisalQuery(deviceId, deviceClassId, verdict, from, to, page, pageSize), ct))
            .WithName("ListAppraisals").WithSummary("The appraisal history, newest first, filtered by device, class, verdict and time [from, to).");
        appraisals.MapGet("/{id:guid}", (Guid id, AppraisalQueries queries, CancellationToken ct) => queries.GetAsync(id, ct))
            .WithName("GetAppraisal").WithSummary("One appraisal in full: evidence, decoded claims, policy version, reference values used, vector, reasons, EAR.");
        appraisals.MapGet("/export.csv", async (AppraisalQueries queries, CancellationToken ct, Guid? deviceId = null, Guid? deviceClassId = null,
                AttestationVerdict? verdict = null, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
                Results.Text(await queries.ExportCsvAsync(new AppraisalQuery(deviceId, deviceClassId, verdict, from, to), ct), "text/csv", System.Text.Encoding.UTF8))
            .WithName("ExportAppraisals").WithSummary($"The filtered history as CSV, at most {AppraisalQueries.MaxExportRows} rows.");
        appraisals.MapGet("/export.json", (AppraisalQueries queries, CancellationToken ct, Guid? deviceId = null, Guid? deviceClassId = null,
                AttestationVerdict? verdict = null, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
                queries.ExportAsync(new AppraisalQuery(deviceId, deviceClassId, verdict, from, to), ct))
            .WithName("ExportAppraisalsJson")
            .WithSummary($"The filtered history in full (evidence, claims, reasons, EAR) as JSON, at most {AppraisalQueries.MaxExportRows} appraisals.");
        api.MapGet("/devices/{deviceId:guid}/attestation", (Guid deviceId, RelyingPartyQueries queries, CancellationToken ct) => queries.LatestAsync(deviceId, ct))
            .WithTags("Attestation").WithName("LatestAttestation")
            .WithSummary("The device's latest attestation result (EAR), and whether it is current under its class's re-attestation interval.");
        api.MapPost("/devices/{deviceId:guid}/attestation-requests", async Task<Accepted<SessionView>> (Guid deviceId, AttestationRequests requests,
                HttpContext http, CancellationToken ct) =>
            {
                var session = await requests.RequestAsync(http.User.ToActor(), deviceId, ct);
                return TypedResults.Accepted($"/api/v1/devices/{deviceId}/attestation", session);
            })
            .WithTags("Attestation").WithName("RequestAttestation")
            .WithSummary("Attest now: opens a session only the device may answer and sends it the nonce over its live connection (Operator or SecurityOfficer; 409 when it is not connected).");
        api.MapPost("/attestation/ear/verify", (EarBody body, RelyingPartyQueries queries) => queries.CheckEarAsync(body.Ear))
            .WithTags("Attestation").WithName("VerifyEar").WithSummary("Checks that this verifier signed an EAR a relying party was handed, and returns its claims.");
        return api;
    }

    private static byte[] Decode(string? material)
    {
        if (string.IsNullOrWhiteSpace(material)) throw RequestValidationException.For("material", "Key material is required.");
        if (material.Contains("-----BEGIN", StringComparison.Ordinal)) return Encoding.ASCII.GetBytes(material);
        try
        {
            return Convert.FromBase64String(material.Trim());
        }
        catch (FormatException)
        {
            throw RequestValidationException.For("material", "Key material is PEM text or base64 (DER or COSE_Key); this is neither.");
        }
    }
}
