using DeviceTrust.Application.Refusals.AcknowledgeRefusal;
using DeviceTrust.Application.Refusals.ListRefusals;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Refusals;
using DeviceTrust.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DeviceTrust.Web.Api;

public sealed record AcknowledgeRefusalBody(string Note);

public sealed record AcknowledgeSourceBody(string SourceAddress, string Note);

public sealed record AcknowledgedCount(int Acknowledged);

internal static class RefusalsApi
{
    public static RouteGroupBuilder MapRefusalsApi(this RouteGroupBuilder api)
    {
        // Security officers decide about refusals, auditors read them; the use cases check the same roles.
        var refusals = api.MapGroup("/refusals").WithTags("Refusals").RequireAuthorization(p => p.RequireRole(Roles.SecurityOfficer, Roles.Auditor));
        refusals.MapGet("/", (RefusalQueries q, HttpContext http, CancellationToken ct, int page = 0, int pageSize = 50, RefusalCategory? category = null,
                    RefusalEndpoint? endpoint = null, RefusalStatus? status = null, string? source = null, string? search = null, Guid? deviceId = null,
                    DateTimeOffset? since = null, DateTimeOffset? until = null, RefusalSort sortBy = RefusalSort.LastSeen, bool descending = true) =>
                q.ListAsync(new RefusalQuery(page, pageSize, sortBy, descending, category, endpoint, status, source, search, deviceId, since, until), http.User.ToActor(), ct))
            .WithName("ListRefusals")
            .WithSummary("Requests the registrar, EST, the MASA and the device hub refused, one row per endpoint, source, category and certificate (SecurityOfficer, Auditor).");
        refusals.MapGet("/summary", (RefusalQueries q, HttpContext http, CancellationToken ct) => q.SummaryAsync(http.User.ToActor(), ct))
            .WithName("RefusalSummary").WithSummary("Refusals seen in the last 24 hours by category, and how many are open.");
        refusals.MapPost("/{id:guid}/acknowledge", async Task<NoContent> (Guid id, AcknowledgeRefusalBody body, AcknowledgeRefusalHandler h, HttpContext http,
                CancellationToken ct) =>
            {
                await h.AcknowledgeAsync(id, body.Note, http.User.ToActor(), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.SecurityOfficer).WithName("AcknowledgeRefusal")
            .WithSummary("Records a security officer's decision about a refusal, with a note (audited as refusal.acknowledged).");
        refusals.MapPost("/acknowledge-source", async Task<Ok<AcknowledgedCount>> (AcknowledgeSourceBody body, AcknowledgeRefusalHandler h, HttpContext http,
                CancellationToken ct) => TypedResults.Ok(new AcknowledgedCount(await h.AcknowledgeSourceAsync(body.SourceAddress, body.Note, http.User.ToActor(), ct))))
            .RequireAuthorization(Policies.SecurityOfficer).WithName("AcknowledgeRefusalSource")
            .WithSummary("Acknowledges every open refusal from one source address (SecurityOfficer); answers how many.");
        return api;
    }
}
