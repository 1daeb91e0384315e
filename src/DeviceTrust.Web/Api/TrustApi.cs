using System.Text;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.TrustAnchors;
using DeviceTrust.Application.TrustAnchors.AddTrustAnchor;
using DeviceTrust.Application.TrustAnchors.CreateTpa;
using DeviceTrust.Application.TrustAnchors.GrantTpaRights;
using DeviceTrust.Application.TrustAnchors.RetireTrustAnchor;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DeviceTrust.Web.Api;

/// <param name="Material">A PEM certificate or public key, or base64 DER.</param>
public sealed record AddTrustAnchorBody(string Name, TrustAnchorPurpose Purpose, Guid OwnerId, IReadOnlyList<Guid>? DeviceClassIds, string Material);

public sealed record RetireBody(string Reason);

public sealed record CreateTpaBody(string Name, string? Description);

public sealed record GrantBody(TrustAnchorRights Rights, TrustAnchorPurpose Purpose, IReadOnlyList<Guid>? DeviceClassIds);

internal static class TrustApi
{
    public static RouteGroupBuilder MapTrustApi(this RouteGroupBuilder api)
    {
        var anchors = api.MapGroup("/trust-anchors").WithTags("Trust anchors");
        anchors.MapGet("/", (TrustAnchorQueries queries, CancellationToken ct, TrustAnchorPurpose? purpose = null, bool includeRetired = false) =>
            queries.ListAnchorsAsync(purpose, includeRetired, ct)).WithName("ListTrustAnchors").WithSummary("Trust anchors, active unless includeRetired.");
        anchors.MapGet("/{id:guid}", (Guid id, TrustAnchorQueries queries, CancellationToken ct) => queries.GetAnchorAsync(id, ct)).WithName("GetTrustAnchor");
        anchors.MapPost("/", AddAsync).RequireAuthorization(Policies.SecurityOfficer).WithName("AddTrustAnchor")
            .WithSummary("Adds a certificate or public key as a trust anchor for a purpose (SecurityOfficer).");
        anchors.MapPost("/{id:guid}/retire", async Task<NoContent> (Guid id, RetireBody body, RetireTrustAnchorHandler retire, HttpContext http, CancellationToken ct) =>
            {
                await retire.HandleAsync(http.User.ToActor(), id, body.Reason, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.SecurityOfficer).WithName("RetireTrustAnchor").WithSummary("Stops trusting an anchor everywhere (SecurityOfficer).");

        var tpas = api.MapGroup("/tpas").WithTags("Trust anchors");
        tpas.MapGet("/", (TrustAnchorQueries queries, CancellationToken ct) => queries.ListProvisioningAuthoritiesAsync(ct)).WithName("ListTpas");
        tpas.MapPost("/", async Task<Created<ProvisioningAuthoritySummary>> (CreateTpaBody body, CreateTpaHandler create, HttpContext http, CancellationToken ct) =>
            {
                var tpa = await create.HandleAsync(http.User.ToActor(), body.Name, body.Description, ct);
                return TypedResults.Created($"/api/v1/tpas/{tpa.Id}", tpa);
            })
            .RequireAuthorization(Policies.SecurityOfficer).WithName("CreateTpa");
        tpas.MapPost("/{id:guid}/grants", (Guid id, GrantBody body, GrantTpaRightsHandler grant, HttpContext http, CancellationToken ct) =>
                grant.HandleAsync(http.User.ToActor(), id, new TpaGrant(body.Rights, body.Purpose, body.DeviceClassIds ?? []), ct))
            .RequireAuthorization(Policies.SecurityOfficer).WithName("GrantTpa").WithSummary("Grants a TPA rights over anchors of a purpose (SecurityOfficer).");
        return api;
    }

    private static async Task<Created<TrustAnchorSummary>> AddAsync(AddTrustAnchorBody body, AddTrustAnchorHandler add, HttpContext http, CancellationToken ct)
    {
        var anchor = await add.HandleAsync(http.User.ToActor(),
            new AddTrustAnchorRequest(body.Name, body.Purpose, body.OwnerId, body.DeviceClassIds ?? [], Decode(body.Material)), ct);
        return TypedResults.Created($"/api/v1/trust-anchors/{anchor.Id}", anchor);
    }

    private static byte[] Decode(string? material)
    {
        if (string.IsNullOrWhiteSpace(material)) throw RequestValidationException.For("material", "Key material is required.");
        if (material.Contains("-----BEGIN", StringComparison.Ordinal)) return Encoding.ASCII.GetBytes(material);
        try
        {
            return Convert.FromBase64String(material);
        }
        catch (FormatException)
        {
            throw RequestValidationException.For("material", "Key material is PEM text or base64 DER; this is neither.");
        }
    }
}
