using System.Net;
using System.Net.Http.Json;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Refusals;
using DeviceTrust.Application.Refusals.ListRefusals;
using DeviceTrust.Application.Refusals.RecordRefusals;
using DeviceTrust.Domain.Refusals;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static DeviceTrust.Web.Tests.Integration.ApiTestHelpers;

namespace DeviceTrust.Web.Tests.Refusals;

public sealed class RefusalsApiTests(WebAppFixture app)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> RefusedAsync()
    {
        var source = $"2001:db8::{Guid.NewGuid().ToString("N")[..4]}:{Guid.NewGuid().ToString("N")[..4]}";
        var batch = new RefusalBatch();
        batch.Add(new RefusalReport(RefusalEndpoint.Registrar, RefusalCategory.UnknownSerial, source, null, "NOPE-API", null, null, "Serial NOPE-API is not in this domain's inventory.",
            DateTimeOffset.UtcNow));
        await app.Factory.Services.GetRequiredService<RecordRefusalsHandler>().WriteAsync(batch.Take(), Ct);
        return source;
    }

    private async Task<RefusalRow> RowAsync(HttpClient client, string source)
    {
        var page = await client.GetFromJsonAsync<PagedResult<RefusalRow>>($"/api/v1/refusals?source={Uri.EscapeDataString(source)}", Json, Ct);
        return Assert.Single(page!.Items);
    }

    [Fact]
    public async Task List_AsAuditor_FiltersBySource_AndOperatorIsForbidden()
    {
        var source = await RefusedAsync();
        using var auditor = await BrowserlessClient.SignedInAsync(app.Factory, "auditor");
        using var op = await BrowserlessClient.SignedInAsync(app.Factory, "operator");

        var row = await RowAsync(auditor, source);

        Assert.Equal((RefusalCategory.UnknownSerial, "NOPE-API", 1L), (row.Category, row.SerialNumber, row.Count));
        Assert.Equal(HttpStatusCode.Forbidden, (await op.GetAsync("/api/v1/refusals", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/v1/refusals/summary", Ct)).StatusCode);
    }

    [Fact]
    public async Task Acknowledge_AsAuditorForbidden_AsSecurityOfficerNoContent()
    {
        var source = await RefusedAsync();
        using var auditor = await BrowserlessClient.SignedInAsync(app.Factory, "auditor");
        using var officer = await BrowserlessClient.SignedInAsync(app.Factory, "security");
        var row = await RowAsync(officer, source);

        var refused = await auditor.PostAsJsonAsync($"/api/v1/refusals/{row.Id}/acknowledge", new { note = "auditor tries" }, Ct);
        var accepted = await officer.PostAsJsonAsync($"/api/v1/refusals/{row.Id}/acknowledge", new { note = "inventory typo, fixed" }, Ct);
        var again = await officer.PostAsJsonAsync($"/api/v1/refusals/{row.Id}/acknowledge", new { note = "twice" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var after = await RowAsync(officer, source);
        Assert.Equal((RefusalStatus.Acknowledged, "inventory typo, fixed"), (after.Status, after.AcknowledgementNote));
    }
}
