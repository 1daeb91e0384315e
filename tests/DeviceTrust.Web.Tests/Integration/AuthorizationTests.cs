using System.Net;
using System.Net.Http.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Fleet.GetDevice;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Web.Tests.Infrastructure;
using static DeviceTrust.Web.Tests.Integration.ApiTestHelpers;

namespace DeviceTrust.Web.Tests.Integration;

public sealed class AuthorizationTests(WebAppFixture app)
{
    private readonly DeviceTrustWebFactory _factory = app.Factory;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/devices")]
    [InlineData("/audit")]
    [InlineData("/users")]
    public async Task Page_WhenAnonymous_RedirectsToSignIn(string path)
    {
        using var client = BrowserlessClient.Anonymous(_factory);
        var response = await client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/devices")]
    [InlineData("/api/v1/audit")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/api/reference")]
    public async Task Api_WhenAnonymous_Returns401WithoutRedirect(string path)
    {
        using var client = BrowserlessClient.Anonymous(_factory);
        var response = await client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithWrongPassword_IsRefusedAndAudited()
    {
        using var client = BrowserlessClient.Anonymous(_factory);
        var response = await BrowserlessClient.SignInAsync(client, "operator", "not the password");
        Assert.Contains("error=invalid", response.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var auditor = await BrowserlessClient.SignedInAsync(_factory, "auditor");
        var entries = await auditor.GetFromJsonAsync<Application.Common.PagedResult<AuditEntryDto>>(
            "/api/v1/audit?search=sign-in-failed&pageSize=50", Json, Ct);
        Assert.Contains(entries!.Items, e => e.Action == AuditActions.UserSignInFailed && e.TargetId == "operator");
    }

    [Fact]
    public async Task ChangeState_AsAuditor_IsForbiddenAndChangesNothing()
    {
        using var auditor = await BrowserlessClient.SignedInAsync(_factory, "auditor");
        var device = await FirstDeviceAsync(auditor, "search=KUMO-M7-0");

        var response = await auditor.PostAsJsonAsync($"/api/v1/devices/{device.Id}/state",
            new { targetState = "Quarantined", reason = "auditor tries" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var after = await auditor.GetFromJsonAsync<DeviceDetails>($"/api/v1/devices/{device.Id}", Json, Ct);
        Assert.Equal(device.State, after!.State);
    }

    [Fact]
    public async Task RegisterDevice_AsAuditor_IsForbidden()
    {
        using var auditor = await BrowserlessClient.SignedInAsync(_factory, "auditor");
        var response = await auditor.PostAsJsonAsync("/api/v1/devices",
            new { serialNumber = "AUDITOR-1", deviceClass = "Acme Thermo T1", manufacturer = "Acme Sensors" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task UsersPage_AsOperator_ShowsAccessDenied()
    {
        using var op = await BrowserlessClient.SignedInAsync(_factory, "operator");
        var response = await op.GetAsync("/users", Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/access-denied", response.Headers.Location!.AbsolutePath);
        var html = await op.GetStringAsync(response.Headers.Location, Ct);
        Assert.Contains("data-testid=\"access-denied\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"user-table\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_WhenSignedIn_DescribesTheDeviceApi()
    {
        using var auditor = await BrowserlessClient.SignedInAsync(_factory, "auditor");
        var document = await auditor.GetStringAsync("/openapi/v1.json", Ct);
        Assert.Contains("\"/api/v1/devices\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/audit/verify\"", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiReference_WhenSignedIn_ServesTheOfflineScalarPageForTheDocument()
    {
        using var auditor = await BrowserlessClient.SignedInAsync(_factory, "auditor");
        var page = await auditor.GetAsync("/api/reference/v1", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("scalar.js", html, StringComparison.Ordinal);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        // The bundle is served by the app itself: this machine (and many customer networks) has no CDN access.
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/reference/scalar.js", Ct)).StatusCode);
    }
}
