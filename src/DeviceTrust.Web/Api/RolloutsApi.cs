using DeviceTrust.Application.Common;
using DeviceTrust.Application.Updates.Rollouts;
using DeviceTrust.Domain.Updates;
using DeviceTrust.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DeviceTrust.Web.Api;

/// <param name="Reason">Why (audited).</param>
public sealed record RolloutReasonBody(string Reason);

/// <summary>What a planned rollout would take: the release, an optional group, the waves.</summary>
public sealed record RolloutPreviewBody(Guid ReleaseId, Guid? GroupId, IReadOnlyList<WavePlan> Waves);

/// <summary>
/// Rollouts: every role reads them; operators create, start, pause, resume and cancel them and retry or exclude single
/// devices; a security officer who did not create a rollout approves it. Decisions on a rollout that changed meanwhile
/// answer 409.
/// </summary>
internal static class RolloutsApi
{
    public static RouteGroupBuilder MapRolloutsApi(this RouteGroupBuilder api)
    {
        var rollouts = api.MapGroup("/rollouts").WithTags("Rollouts");
        rollouts.MapGet("/", (RolloutQueries queries, CancellationToken ct) => queries.ListAsync(ct)).WithName("ListRollouts").WithSummary("Every rollout, newest first.");
        rollouts.MapGet("/{id:guid}", (Guid id, RolloutQueries queries, CancellationToken ct) => queries.GetAsync(id, ct))
            .WithName("GetRollout").WithSummary("The rollout, its waves' rules and progress (pending, offered, installed, verified, failed).");
        rollouts.MapGet("/{id:guid}/devices", (Guid id, RolloutQueries queries, CancellationToken ct, int? wave = null, RolloutTargetStatus? status = null,
                string? search = null, int page = 0, int pageSize = 50) => queries.TargetsAsync(id, wave, status, search, page, pageSize, ct))
            .WithName("ListRolloutDevices").WithSummary("The devices of the rollout (?wave=0-based&status=&search=serial&page=&pageSize=), each with its status and why.");
        rollouts.MapGet("/{id:guid}/timeline", (Guid id, RolloutQueries queries, CancellationToken ct) => queries.TimelineAsync(id, ct))
            .WithName("GetRolloutTimeline").WithSummary("Every decision about the rollout, who made it and why, oldest first.");
        rollouts.MapPost("/preview", (RolloutPreviewBody body, RolloutPlanner planner, CancellationToken ct) => planner.PreviewAsync(body.ReleaseId, body.GroupId, body.Waves, ct))
            .WithName("PreviewRollout").WithSummary("The devices each wave would take, and the devices left out and why; nothing is stored.");
        rollouts.MapPost("/", async Task<Created<RolloutDetail>> (CreateRolloutRequest body, RolloutHandlers handlers, RolloutQueries queries, HttpContext http,
                CancellationToken ct) =>
            {
                var id = await handlers.CreateAsync(http.User.ToActor(), body, ct);
                return TypedResults.Created($"/api/v1/rollouts/{id}", await queries.GetAsync(id, ct));
            })
            .RequireAuthorization(Policies.Operator).WithName("CreateRollout").WithSummary("Plans a rollout (Operator); it waits for a security officer's approval.");
        rollouts.MapPost("/{id:guid}/approve", Decide((h, a, id, ct) => h.ApproveAsync(a, id, ct)))
            .RequireAuthorization(Policies.SecurityOfficer).WithName("ApproveRollout").WithSummary("Approves it (SecurityOfficer, not its creator).");
        rollouts.MapPost("/{id:guid}/start", Decide((h, a, id, ct) => h.StartAsync(a, id, ct)))
            .RequireAuthorization(Policies.Operator).WithName("StartRollout");
        rollouts.MapPost("/{id:guid}/resume", Decide((h, a, id, ct) => h.ResumeAsync(a, id, ct)))
            .RequireAuthorization(Policies.Operator).WithName("ResumeRollout");
        rollouts.MapPost("/{id:guid}/advance", Decide((h, a, id, ct) => h.AdvanceAsync(a, id, ct)))
            .RequireAuthorization(Policies.Operator).WithName("AdvanceRollout")
            .WithSummary("Starts the next wave (after the last, completes the rollout): for a wave that waits for a manual check (Operator).");
        rollouts.MapPost("/{id:guid}/pause", async Task<NoContent> (Guid id, RolloutReasonBody body, RolloutHandlers handlers, HttpContext http, CancellationToken ct) =>
            {
                await handlers.PauseAsync(http.User.ToActor(), id, body.Reason, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Operator).WithName("PauseRollout");
        rollouts.MapPost("/{id:guid}/cancel", async Task<NoContent> (Guid id, RolloutReasonBody body, RolloutHandlers handlers, HttpContext http, CancellationToken ct) =>
            {
                await handlers.CancelAsync(http.User.ToActor(), id, body.Reason, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Operator).WithName("CancelRollout").WithSummary("Cancels it; devices offered the update and not done go back to where they were.");
        rollouts.MapPost("/{id:guid}/devices/{targetId:guid}/retry", async Task<NoContent> (Guid id, Guid targetId, RolloutHandlers handlers, HttpContext http,
                CancellationToken ct) =>
            {
                await handlers.RetryAsync(http.User.ToActor(), id, targetId, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Operator).WithName("RetryRolloutDevice").WithSummary("Offers a failed device the update again.");
        rollouts.MapPost("/{id:guid}/devices/{targetId:guid}/cancel", async Task<NoContent> (Guid id, Guid targetId, RolloutReasonBody body, RolloutHandlers handlers,
                HttpContext http, CancellationToken ct) =>
            {
                await handlers.CancelDeviceAsync(http.User.ToActor(), id, targetId, body.Reason, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Operator).WithName("CancelRolloutDevice").WithSummary("Stops the device's update in flight; it goes back to where it was.");
        rollouts.MapPost("/{id:guid}/devices/{targetId:guid}/exclude", async Task<NoContent> (Guid id, Guid targetId, RolloutReasonBody body, RolloutHandlers handlers,
                HttpContext http, CancellationToken ct) =>
            {
                await handlers.ExcludeAsync(http.User.ToActor(), id, targetId, body.Reason, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Operator).WithName("ExcludeRolloutDevice").WithSummary("Takes the device out of the rollout; it no longer counts in its wave.");
        return api;
    }

    private static Func<Guid, RolloutHandlers, HttpContext, CancellationToken, Task<NoContent>> Decide(Func<RolloutHandlers, Actor, Guid, CancellationToken, Task> decide) =>
        async (id, handlers, http, ct) =>
        {
            await decide(handlers, http.User.ToActor(), id, ct);
            return TypedResults.NoContent();
        };
}
