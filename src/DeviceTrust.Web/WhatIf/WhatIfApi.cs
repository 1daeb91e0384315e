using DeviceTrust.Application.Updates.WhatIf;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DeviceTrust.Web.WhatIf;

/// <summary>
/// What-if runs over the API: an Operator or SecurityOfficer starts one (202, with where to follow it); every role reads a
/// run's status, simulated and wall time, and its report once over.
/// </summary>
public static class WhatIfApi
{
    public static RouteGroupBuilder MapWhatIfApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var runs = api.MapGroup("/rollouts/what-if").WithTags("Rollouts");
        runs.MapPost("/", async Task<Accepted<WhatIfRunSummary>> (WhatIfRequest body, WhatIfRuns whatIf, HttpContext http, CancellationToken ct) =>
            {
                var run = await whatIf.StartAsync(http.User.ToActor(), body, ct);
                return TypedResults.Accepted($"/api/v1/rollouts/what-if/{run.Id}", run.Summary());
            })
            .RequireAuthorization(p => p.RequireRole(Roles.Operator, Roles.SecurityOfficer))
            .WithName("StartWhatIfRun").WithSummary("Replays a planned rollout on a simulated fleet in a sandbox (Operator or SecurityOfficer); nothing changes for real.");
        runs.MapGet("/", (WhatIfRuns whatIf) => whatIf.List().Select(r => r.Summary()).ToList())
            .WithName("ListWhatIfRuns").WithSummary("The runs the server keeps, newest first.");
        runs.MapGet("/{id:guid}", (Guid id, WhatIfRuns whatIf) => whatIf.Get(id).Summary())
            .WithName("GetWhatIfRun").WithSummary("A run: its status, simulated and wall time, and its report once over.");
        return api;
    }
}
