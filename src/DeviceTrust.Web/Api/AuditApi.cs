using System.ComponentModel;
using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DeviceTrust.Web.Api;

internal static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit");
        audit.MapGet("/", ListAsync).WithName("ListAuditEntries")
            .WithSummary("A page of audit entries, newest first, filtered by action, actor, target, time range and text.")
            .WithDescription("Filters combine with AND; each is left out when absent. action: exact, repeatable (any of them); actor: part of it, "
                             + "case-insensitive; targetType and targetId: exact; from and to: ISO 8601 instants, both inclusive, to not before from; "
                             + "search: part of actor, action, target id or details. A bad filter answers 400 naming the parameter.");
        audit.MapPost("/verify", (AuditQueries q, CancellationToken ct) => q.VerifyAsync(ct))
            .WithName("VerifyAuditChain").WithSummary("Walks the hash chain; names the first broken entry if any.");
        audit.MapGet("/export", ExportAsync).WithName("ExportAuditLog").WithSummary("The whole chain as a JSON array, oldest first.");
        return api;
    }

    private static Task<PagedResult<AuditEntryDto>> ListAsync(
        AuditQueries q, CancellationToken ct,
        [Description("Page index, from 0.")] int page = 0,
        [Description("Entries per page, 1-500.")] int pageSize = 50,
        [Description("Part of the actor, action, target id or details (case-insensitive).")] string? search = null,
        [Description("Action names, exactly (repeat the parameter for several): device.state-changed, brski.pledge-approved, ...")] string[]? action = null,
        [Description("Part of the actor, case-insensitive: user:alice, device:SN-1, system.")] string? actor = null,
        [Description("The target's type, exactly: device, user, api-token, trust-anchor, tpa, ...")] string? targetType = null,
        [Description("The target's id, exactly: a device's serial, an anchor's or TPA's id, a user's name.")] string? targetId = null,
        [Description("Entries at or after this instant (ISO 8601, e.g. 2026-11-27T09:00:00Z).")] DateTimeOffset? from = null,
        [Description("Entries at or before this instant (ISO 8601); not before from.")] DateTimeOffset? to = null) =>
        q.ListAsync(new AuditQuery(page, pageSize, search, targetType, targetId, action, actor, from, to), ct);

    private static async Task<EmptyHttpResult> ExportAsync(AuditQueries q, HttpContext http, CancellationToken ct)
    {
        http.Response.ContentType = "application/json";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"devicetrust-audit-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json\"";
        await JsonSerializer.SerializeAsync(http.Response.Body, q.ExportAsync(ct), AuditJson.Options, ct);
        return TypedResults.Empty;
    }
}

internal static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
