using System.Net;
using System.Net.Http.Json;
using DeviceTrust.Web.Tests.Components.Updates;
using DeviceTrust.Web.Tests.Infrastructure;
using static DeviceTrust.Web.Tests.Integration.ApiTestHelpers;

namespace DeviceTrust.Web.Tests.Updates;

/// <summary>
/// The rollouts API's answers to bad input and to callers who may not act, over the real pipeline: 400 naming the field
/// before anything is looked up, 403 for the wrong role, 404 for an unknown rollout; nothing is created or changed.
/// </summary>
public sealed class RolloutsApiTests(WebAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BadInputAndWrongCallers_AreProblemDetails_AndChangeNothing()
    {
        using var op = await BrowserlessClient.SignedInAsync(app.Factory, "operator");
        using var auditor = await BrowserlessClient.SignedInAsync(app.Factory, "auditor");
        var release = (await RolloutTestFleet.CreateAsync(app.Factory.Services, 1, 0, Ct)).Release;
        var before = await op.GetStringAsync("/api/v1/rollouts", Ct);
        var unknown = Guid.NewGuid();

        using var missingWave = await op.PostAsJsonAsync("/api/v1/rollouts", new { name = "api test", releaseId = release.Id, waves = new object?[] { null } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missingWave.StatusCode);
        Assert.True((await ProblemAsync(missingWave)).GetProperty("errors").TryGetProperty("waves[0]", out _));

        using var noReason = await op.PostAsJsonAsync($"/api/v1/rollouts/{unknown}/pause", new { reason = " " }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await ProblemAsync(noReason)).GetProperty("errors").TryGetProperty("reason", out _));

        using var notFound = await op.PostAsJsonAsync($"/api/v1/rollouts/{unknown}/pause", new { reason = "maintenance" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        using var advanceUnknown = await op.PostAsync($"/api/v1/rollouts/{unknown}/advance", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, advanceUnknown.StatusCode);
        using var auditorAdvances = await auditor.PostAsync($"/api/v1/rollouts/{unknown}/advance", null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, auditorAdvances.StatusCode);

        Assert.Equal(before, await op.GetStringAsync("/api/v1/rollouts", Ct));
    }
}
