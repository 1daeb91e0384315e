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
        audit.MapGet("/", (AuditQueries q, CancellationToken ct, int page = 0, int pageSize = 50, string? search = null, string? targetType = null, string? targetId = null) =>
                q.ListAsync(new AuditQuery(page, pageSize, search, targetType, targetId), ct))
            .WithName("ListAuditEntries").WithSummary("Audit entries, newest first.");
        audit.MapPost("/verify", (AuditQueries q, CancellationToken ct) => q.VerifyAsync(ct))
            .WithName("VerifyAuditChain").WithSummary("Walks the hash chain; names the first broken entry if any.");
        audit.MapGet("/export", ExportAsync).WithName("ExportAuditLog").WithSummary("The whole chain as a JSON array, oldest first.");
        return api;
    }

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
