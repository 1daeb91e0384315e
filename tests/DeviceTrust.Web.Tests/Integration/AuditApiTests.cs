using System.Net;
using System.Net.Http.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static DeviceTrust.Web.Tests.Integration.ApiTestHelpers;

namespace DeviceTrust.Web.Tests.Integration;

/// <summary>GET /api/v1/audit takes the audit log's filters as query parameters, over the real HTTP pipeline.</summary>
public sealed class AuditApiTests(WebAppFixture app)
{
    private readonly DeviceTrustWebFactory _factory = app.Factory;
    private readonly string _actor = $"user:api-audit-{Guid.NewGuid():N}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task RecordAsync(string action, string targetId) =>
        _factory.Services.GetRequiredService<AuditTrail>().RecordAsync(_factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>(),
            new AuditRecord(_actor, action, "fleet", targetId, "{}"), Ct);

    [Fact]
    public async Task List_FiltersAsQueryParameters_RepeatedActionsAndIsoInstants()
    {
        await RecordAsync("api.one", "a");
        await RecordAsync("api.two", "b");
        await RecordAsync("api.three", "b");
        using var auditor = await BrowserlessClient.SignedInAsync(_factory, "auditor");
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"));

        var page = await auditor.GetFromJsonAsync<PagedResult<AuditEntryDto>>(
            $"/api/v1/audit?actor={Uri.EscapeDataString(_actor)}&action=api.two&action=api.one&targetType=fleet&from={from}&to=2999-01-01T00:00:00Z&pageSize=1", Json, Ct);

        Assert.Equal(2, page!.TotalCount);
        Assert.Equal(["api.two"], page.Items.Select(e => e.Action));
    }

    [Theory]
    [InlineData("from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z", "to")]
    [InlineData("action=", "action")]
    [InlineData("pageSize=0", "pageSize")]
    public async Task List_BadFilter_Returns400NamingTheParameter(string query, string field)
    {
        using var auditor = await BrowserlessClient.SignedInAsync(_factory, "auditor");

        var response = await auditor.GetAsync($"/api/v1/audit?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
