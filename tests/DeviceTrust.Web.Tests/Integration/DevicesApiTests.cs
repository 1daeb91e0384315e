using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DeviceTrust.Application.Accounts.ApiTokens.CreateApiToken;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet.GetDevice;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static DeviceTrust.Web.Tests.Integration.ApiTestHelpers;

namespace DeviceTrust.Web.Tests.Integration;

public sealed class DevicesApiTests(WebAppFixture app)
{
    private readonly DeviceTrustWebFactory _factory = app.Factory;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChangeState_AsOperator_TransitionsAndAudits()
    {
        using var op = await BrowserlessClient.SignedInAsync(_factory, "operator");
        var device = await InServiceDevice.RegisterAsync(_factory.Services, "API-CS", Ct);

        var response = await op.PostAsJsonAsync($"/api/v1/devices/{device.Id}/state", new { targetState = "Quarantined", reason = "suspicious boot" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var details = await op.GetFromJsonAsync<DeviceDetails>($"/api/v1/devices/{device.Id}", Json, Ct);
        Assert.Equal(DeviceState.Quarantined, details!.State);
        var entry = Assert.Single(details.Timeline, e => e.Action == AuditActions.DeviceStateChanged && e.Actor == "user:operator");
        Assert.Contains("\"to\":\"Quarantined\"", entry.Details, StringComparison.Ordinal);
        Assert.Contains("suspicious boot", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDevice_ShowsItsUeid_Base64UrlOfTheStoredRandomTypeUeid()
    {
        using var op = await BrowserlessClient.SignedInAsync(_factory, "operator");
        var device = await FirstDeviceAsync(op, "state=Manufactured");

        using var json = JsonDocument.Parse(await op.GetStringAsync($"/api/v1/devices/{device.Id}", Ct));

        var text = json.RootElement.GetProperty("ueid").GetString()!;
        Assert.DoesNotContain('=', text);
        var ueid = System.Buffers.Text.Base64Url.DecodeFromChars(text);
        Assert.Equal((17, (byte)0x01), (ueid.Length, ueid[0]));
        await using var db = await _factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        Assert.Equal((await db.Devices.SingleAsync(d => d.Id == device.Id, Ct)).Ueid, ueid);
    }

    [Fact]
    public async Task ChangeState_IllegalTransition_Returns409ProblemAndChangesNothing()
    {
        using var op = await BrowserlessClient.SignedInAsync(_factory, "operator");
        var device = await FirstDeviceAsync(op, "state=Manufactured");

        var response = await op.PostAsJsonAsync($"/api/v1/devices/{device.Id}/state", new { targetState = "Operational", reason = "skip enrollment" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Contains("cannot go from Manufactured to Operational", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var details = await op.GetFromJsonAsync<DeviceDetails>($"/api/v1/devices/{device.Id}", Json, Ct);
        Assert.Equal(DeviceState.Manufactured, details!.State);
    }

    [Theory]
    [InlineData("{not json", "")]
    [InlineData("{\"targetState\":\"Sleeping\",\"reason\":\"x\"}", "")]
    [InlineData("{\"targetState\":\"Quarantined\",\"reason\":\"\"}", "reason")]
    public async Task ChangeState_MalformedBody_Returns400Problem(string body, string field)
    {
        using var op = await BrowserlessClient.SignedInAsync(_factory, "operator");
        var device = await InServiceDevice.RegisterAsync(_factory.Services, "API-MB", Ct);
        var before = await op.GetFromJsonAsync<DeviceDetails>($"/api/v1/devices/{device.Id}", Json, Ct);

        var response = await op.PostAsync($"/api/v1/devices/{device.Id}/state", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        if (field.Length > 0) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var after = await op.GetFromJsonAsync<DeviceDetails>($"/api/v1/devices/{device.Id}", Json, Ct);
        Assert.Equal(before!.State, after!.State);
        Assert.Equal(before.Timeline.Count, after.Timeline.Count);
    }

    [Fact]
    public async Task Register_AsOperator_Returns201WithoutACredentialAndRefusesDuplicate()
    {
        using var op = await BrowserlessClient.SignedInAsync(_factory, "operator");
        var request = new { serialNumber = "API-REG-0001", deviceClass = "Kumo Meter M7", manufacturer = "Kumo Devices", group = "Smart meters pilot" };

        var created = await op.PostAsJsonAsync("/api/v1/devices", request, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        // The device joins by BRSKI with its manufacturer's IDevID: the response hands out no secret.
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Json, Ct);
        Assert.Equal(["id", "serialNumber"], body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("API-REG-0001", body.GetProperty("serialNumber").GetString());
        var details = await op.GetFromJsonAsync<DeviceDetails>(created.Headers.Location!.ToString(), Json, Ct);
        Assert.Equal(body.GetProperty("id").GetGuid(), details!.Id);
        Assert.Equal(DeviceState.Manufactured, details.State);

        var duplicate = await op.PostAsJsonAsync("/api/v1/devices", request, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.True((await ProblemAsync(duplicate)).GetProperty("errors").TryGetProperty("serialNumber", out _));
    }

    [Fact]
    public async Task Register_ClassOfAnotherManufacturer_Returns400NamingTheField()
    {
        using var op = await BrowserlessClient.SignedInAsync(_factory, "operator");
        var response = await op.PostAsJsonAsync("/api/v1/devices",
            new { serialNumber = "API-REG-0002", deviceClass = "Kumo Meter M7", manufacturer = "Acme Sensors" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty("deviceClass", out _));
        var search = await op.GetFromJsonAsync<PagedResult<Application.Fleet.ListDevices.DeviceRow>>("/api/v1/devices?search=API-REG-0002", Json, Ct);
        Assert.Equal(0, search!.TotalCount);
    }

    [Fact]
    public async Task ApiToken_ActsAsItsOwnerUntilRevoked()
    {
        using var op = await BrowserlessClient.SignedInAsync(_factory, "operator");
        var created = await (await op.PostAsJsonAsync("/api/v1/me/tokens", new { name = "ci", expiresInDays = 7 }, Ct))
            .Content.ReadFromJsonAsync<CreatedApiToken>(Json, Ct);
        using var bearer = new HttpClient { BaseAddress = _factory.BaseAddress };
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created!.Token);

        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/v1/devices?pageSize=1", Ct)).StatusCode);
        var device = await InServiceDevice.RegisterAsync(_factory.Services, "API-TK", Ct);
        var change = await bearer.PostAsJsonAsync($"/api/v1/devices/{device.Id}/state", new { targetState = "Quarantined", reason = "via token" }, Ct);
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await op.DeleteAsync($"/api/v1/me/tokens/{created.Info.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/v1/devices?pageSize=1", Ct)).StatusCode);
    }

    [Fact]
    public async Task Audit_VerifyAndExport_CoverTheWholeChain()
    {
        using var auditor = await BrowserlessClient.SignedInAsync(_factory, "auditor");
        var verification = await (await auditor.PostAsync("/api/v1/audit/verify", null, Ct)).Content.ReadFromJsonAsync<AuditVerification>(Json, Ct);
        Assert.True(verification!.Intact);

        var export = await auditor.GetAsync("/api/v1/audit/export", Ct);
        Assert.Equal("attachment", export.Content.Headers.ContentDisposition?.DispositionType);
        var entries = await export.Content.ReadFromJsonAsync<List<AuditEntryDto>>(Json, Ct);
        Assert.True(entries!.Count >= verification.EntriesChecked);
        Assert.Equal(AuditEntry.GenesisHash, entries[0].PreviousHash);
        Assert.All(entries.Zip(entries.Skip(1)), pair => Assert.Equal(pair.First.Hash, pair.Second.PreviousHash));
    }
}
