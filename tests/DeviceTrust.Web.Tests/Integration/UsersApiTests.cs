using System.Net;
using System.Net.Http.Json;
using DeviceTrust.Application.Accounts.Users;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static DeviceTrust.Web.Tests.Integration.ApiTestHelpers;

namespace DeviceTrust.Web.Tests.Integration;

public sealed class UsersApiTests(WebAppFixture app)
{
    private readonly DeviceTrustWebFactory _factory = app.Factory;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> CreateUserAsync(string userName, string role)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = new IdentityUser(userName);
        Assert.True((await users.CreateAsync(user, DeviceTrustWebFactory.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user.Id;
    }

    [Fact]
    public async Task ChangeRole_AsSecurityOfficer_ChangesRoleAndAudits()
    {
        var id = await CreateUserAsync("role-change-target", Roles.Auditor);
        using var security = await BrowserlessClient.SignedInAsync(_factory, "security");

        var response = await security.PutAsJsonAsync($"/api/v1/users/{id}/role", new { role = Roles.Operator }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var users = await security.GetFromJsonAsync<List<UserSummary>>("/api/v1/users", Json, Ct);
        Assert.Equal(Roles.Operator, users!.Single(u => u.Id == id).Role);
        var audit = await security.GetFromJsonAsync<PagedResult<AuditEntryDto>>("/api/v1/audit?search=role-change-target", Json, Ct);
        var entry = Assert.Single(audit!.Items, e => e.Action == AuditActions.UserRoleChanged);
        Assert.Equal("user:security", entry.Actor);
        Assert.Contains("\"to\":\"Operator\"", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeRole_AsOperator_IsForbidden()
    {
        var id = await CreateUserAsync("role-change-victim", Roles.Auditor);
        using var op = await BrowserlessClient.SignedInAsync(_factory, "operator");

        var response = await op.PutAsJsonAsync($"/api/v1/users/{id}/role", new { role = Roles.SecurityOfficer }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        Assert.Equal([Roles.Auditor], await users.GetRolesAsync((await users.FindByIdAsync(id))!));
    }

    [Fact]
    public async Task ChangeRole_UnknownRole_Returns400NamingTheField()
    {
        var id = await CreateUserAsync("role-change-typo", Roles.Auditor);
        using var security = await BrowserlessClient.SignedInAsync(_factory, "security");

        var response = await security.PutAsJsonAsync($"/api/v1/users/{id}/role", new { role = "Admin" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty("role", out _));
    }

    [Fact]
    public async Task ChangeRole_OfTheLastSecurityOfficer_IsRefused()
    {
        using var security = await BrowserlessClient.SignedInAsync(_factory, "security");
        var users = await security.GetFromJsonAsync<List<UserSummary>>("/api/v1/users", Json, Ct);
        var officer = Assert.Single(users!, u => u.Role == Roles.SecurityOfficer);

        var response = await security.PutAsJsonAsync($"/api/v1/users/{officer.Id}/role", new { role = Roles.Auditor }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("last security officer", (await ProblemAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
