using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Bunit;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Updates.Catalog;
using DeviceTrust.Application.Updates.Rollouts;
using DeviceTrust.Application.Updates.WhatIf;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Updates;
using DeviceTrust.Web.Components.Pages.Updates;
using DeviceTrust.Web.Tests.Components.Updates;
using DeviceTrust.Web.Tests.Infrastructure;
using DeviceTrust.Web.WhatIf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using static DeviceTrust.Web.Tests.Integration.ApiTestHelpers;

namespace DeviceTrust.Web.Tests.WhatIf;

/// <summary>
/// What-if runs in the running app: a sandbox replays a plan on virtual devices and reports, the real database keeps only
/// the audit entry, and the API refuses bad input. One class: the server runs one what-if at a time.
/// </summary>
public sealed class WhatIfTests : BunitContext
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);
    private static readonly Actor Qa = new("user:whatif-qa", null, new HashSet<string> { Roles.Operator });
    private readonly WebAppFixture _app;

    public WhatIfTests(WebAppFixture app)
    {
        _app = app;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(Get<WhatIfRuns>());
        Services.AddSingleton(Get<FirmwareCatalogQueries>());
        Services.AddSingleton(Get<DeviceTrust.Application.Fleet.Groups.DeviceGroupQueries>());
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private T Get<T>() where T : notnull => _app.Factory.Services.GetRequiredService<T>();

    private Task<RolloutTestFleet> FleetAsync(int inService = 3) => RolloutTestFleet.CreateAsync(_app.Factory.Services, inService, 1, Ct);

    private static WavePlan Wave(int percent, int error = 10) => new(percent, true, 90, error, true);

    private async Task<WhatIfRun> RunToEndAsync(WhatIfRequest request)
    {
        var run = await Get<WhatIfRuns>().StartAsync(Qa, request, Ct);
        await Wait.UntilAsync(() => run.IsOver, $"what-if run {run.Id} to end", RunTimeout);
        Assert.True(run.Error is null, run.Error);
        return run;
    }

    [Fact]
    public async Task Run_FiftyDevicesInTwoWaves_CompletesWithEveryDeviceVerified()
    {
        var fleet = await FleetAsync();

        var run = await RunToEndAsync(new WhatIfRequest(fleet.Release.Id, fleet.GroupId, 50, [Wave(50), Wave(100)]));

        Assert.Equal(WhatIfRunStatus.Finished, run.Status);
        var report = run.Report!;
        Assert.Equal(RolloutStatus.Completed, report.Outcome);
        Assert.Equal([(25, 25, 0), (25, 25, 0)], report.Waves.Select(w => (w.Total, w.Verified, w.Failed)));
        Assert.Empty(report.Failures);
        Assert.Equal(0, report.RefusedReports);
        Assert.True(run.Simulated > TimeSpan.Zero);
    }

    [Fact]
    public async Task Run_InstallFailureRateOne_PausesInWaveOneOnItsErrorThreshold()
    {
        var fleet = await FleetAsync();

        var run = await RunToEndAsync(new WhatIfRequest(fleet.Release.Id, fleet.GroupId, 50, [Wave(10), Wave(100)], null, new WhatIfFaults(InstallFailure: 1)));

        var report = run.Report!;
        Assert.Equal(RolloutStatus.Paused, report.Outcome);
        // The first failure already crosses the threshold (1 of 5 is 20%): the rest of the wave is still in flight when it pauses.
        Assert.StartsWith("wave 1: ", report.Why, StringComparison.Ordinal);
        Assert.Contains("at or above its error threshold of 10%", report.Why, StringComparison.Ordinal);
        var first = report.Waves[0];
        Assert.Equal(5, first.Total);
        Assert.True(first.Failed >= 1);
        Assert.Equal(5, first.Failed + first.Offered);
        Assert.Equal((0, 0), (first.Verified, first.Installed));
        Assert.Equal(45, report.Waves[1].Pending);
        var failure = Assert.Single(report.Failures);
        Assert.Equal(first.Failed, failure.Count);
        Assert.StartsWith("install failed: operation-failed (11) at install (20)", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_LeavesTheRealDatabaseUntouched_ButForItsAuditEntry()
    {
        var fleet = await FleetAsync();
        var before = await RealStateAsync(fleet);

        var run = await RunToEndAsync(new WhatIfRequest(fleet.Release.Id, fleet.GroupId, null, [Wave(50), Wave(100)], 100,
            new WhatIfFaults(InstallFailure: 0.2, OfflineMidUpdate: 0.2, ContraindicatedAfterInstall: 0.2)));

        Assert.Equal(4, run.Report!.Waves.Sum(w => w.Total)); // the group's real device count, out-of-service one included
        var after = await RealStateAsync(fleet);
        Assert.Equal(before.Devices, after.Devices);
        Assert.Equal((0, 0, 0), (after.Rollouts, after.Targets, after.VirtualDevices));
        Assert.Equal([.. before.ReleaseAudit, AuditActions.WhatIfRun], after.ReleaseAudit);
        await using var db = await Get<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var entry = await db.AuditEntries.SingleAsync(e => e.TargetId == fleet.Release.Id.ToString() && e.Action == AuditActions.WhatIfRun, Ct);
        Assert.Equal(Qa.Name, entry.Actor);

        // Dropping a run deletes its sandbox's database.
        var path = run.Sandbox!.FilePath;
        Assert.True(File.Exists(path));
        await run.DisposeAsync();
        Assert.False(File.Exists(path));
    }

    private sealed record RealState(string Devices, int Rollouts, int Targets, int VirtualDevices, List<string> ReleaseAudit);

    private async Task<RealState> RealStateAsync(RolloutTestFleet fleet)
    {
        await using var db = await Get<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var devices = await db.Devices.AsNoTracking().Where(d => d.GroupId == fleet.GroupId).OrderBy(d => d.SerialNumber)
            .Select(d => new { d.Id, d.SerialNumber, d.State, d.StateChangedAt, d.FirmwareVersion }).ToListAsync(Ct);
        var ids = devices.Select(d => d.Id).ToList();
        var release = fleet.Release.Id.ToString();
        return new RealState(JsonSerializer.Serialize(devices), await db.Rollouts.CountAsync(r => r.ReleaseId == fleet.Release.Id, Ct),
            await db.RolloutTargets.CountAsync(t => ids.Contains(t.DeviceId), Ct), await db.Devices.CountAsync(d => d.SerialNumber.StartsWith(WhatIfCopy.SerialPrefix), Ct),
            await db.AuditEntries.Where(e => e.TargetId == release).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync(Ct));
    }

    [Fact]
    public async Task Api_RefusesBadInput_WithProblemDetails_AndAuditsNothing()
    {
        var fleet = await FleetAsync(1);
        using var op = await BrowserlessClient.SignedInAsync(_app.Factory, "operator");
        var waves = new[] { new { size = 100, percent = true, successThresholdPercent = 90, errorThresholdPercent = 10, advanceAutomatically = true } };

        (object Body, string Field)[] cases =
        [
            (new { releaseId = fleet.Release.Id, devices = 0, waves }, "devices"),
            (new { releaseId = fleet.Release.Id, devices = WhatIfRequest.MaxDevices + 1, waves }, "devices"),
            (new { releaseId = fleet.Release.Id, waves = Array.Empty<object>() }, "waves"),
            (new { releaseId = Guid.NewGuid(), waves }, "releaseId"),
            (new { releaseId = fleet.Release.Id, groupId = Guid.NewGuid(), waves }, "groupId"),
            (new { releaseId = fleet.Release.Id, waves, faults = new { installFailure = 0.6, offlineMidUpdate = 0.6 } }, "faults"),
            (new { releaseId = fleet.Release.Id, waves, faults = new { corruptDownload = -0.1 } }, "faults"),
        ];
        foreach (var (body, field) in cases)
        {
            using var response = await op.PostAsJsonAsync("/api/v1/rollouts/what-if", body, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty(field, out _), $"{field}: {await response.Content.ReadAsStringAsync(Ct)}");
        }

        using var auditor = await BrowserlessClient.SignedInAsync(_app.Factory, "auditor");
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync("/api/v1/rollouts/what-if", new { releaseId = fleet.Release.Id, waves }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync($"/api/v1/rollouts/what-if/{Guid.NewGuid()}", Ct)).StatusCode);
        await using var db = await Get<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        Assert.False(await db.AuditEntries.AnyAsync(e => e.TargetId == fleet.Release.Id.ToString() && e.Action == AuditActions.WhatIfRun, Ct));
    }

    [Fact]
    public async Task Api_StartsARun_202WithItsLocation_ThenReportsIt_AndThePageShowsItToAnAuditor()
    {
        var fleet = await FleetAsync();
        using var op = await BrowserlessClient.SignedInAsync(_app.Factory, "operator");
        var waves = new[] { new { size = 100, percent = true, successThresholdPercent = 90, errorThresholdPercent = 10, advanceAutomatically = true } };

        using var started = await op.PostAsJsonAsync("/api/v1/rollouts/what-if", new { releaseId = fleet.Release.Id, groupId = fleet.GroupId, devices = 20, waves }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.OriginalString;
        Assert.StartsWith("/api/v1/rollouts/what-if/", location, StringComparison.Ordinal);
        using var auditor = await BrowserlessClient.SignedInAsync(_app.Factory, "auditor");
        var run = await Wait.ForAsync(async () =>
        {
            var summary = await auditor.GetFromJsonAsync<WhatIfRunSummary>(location, Json, Ct);
            return summary!.Status is WhatIfRunStatus.Preparing or WhatIfRunStatus.Running ? null : summary;
        }, "the run to end", RunTimeout);
        Assert.Equal(WhatIfRunStatus.Finished, run.Status);
        Assert.Equal((RolloutStatus.Completed, 20), (run.Report!.Outcome, run.Report.Waves.Single().Verified));
        Assert.Equal(20, run.Devices);
        Assert.True(run.SimulatedSeconds > 0 && run.WallSeconds > 0);

        AddAuthorization().SetAuthorized("auditor").SetRoles(Roles.Auditor).SetClaims(new Claim(ClaimTypes.NameIdentifier, "bunit-auditor"));
        var page = Render<WhatIfPage>();
        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll("[data-testid=whatif-form]"));
            Assert.Equal(run.Id.ToString(), page.Find("[data-testid=whatif-run]").GetAttribute("data-id"));
            Assert.Equal("Completed", page.Find("[data-testid=whatif-outcome]").GetAttribute("data-outcome"));
            Assert.Equal("20", page.Find("[data-testid=wave-row]").GetAttribute("data-verified"));
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Page_ForAnOperator_ShowsThePlanForm_WithTheWizardsWaves()
    {
        AddAuthorization().SetAuthorized("operator").SetRoles(Roles.Operator).SetClaims(new Claim(ClaimTypes.NameIdentifier, "bunit-operator"));

        var page = Render<WhatIfPage>();

        page.WaitForAssertion(() =>
        {
            Assert.Single(page.FindAll("[data-testid=whatif-form]"));
            Assert.Equal(2, page.FindAll("[data-testid=wizard-wave]").Count);
            Assert.Equal(5, page.FindAll("[data-testid^=whatif-fault-]").Count);
            // No release chosen yet: nothing to run.
            Assert.True(page.Find("[data-testid=whatif-run-button]").HasAttribute("disabled"));
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Page_WithAnAvailableRelease_ShowsTheReleaseSelectOnceLoaded()
    {
        await FleetAsync();
        AddAuthorization().SetAuthorized("operator").SetRoles(Roles.Operator).SetClaims(new Claim(ClaimTypes.NameIdentifier, "bunit-operator"));

        var page = Render<WhatIfPage>();

        // While the catalog loads the form shows progress, not a select that would open empty.
        page.WaitForAssertion(() =>
        {
            Assert.Single(page.FindAll("[data-testid=whatif-release]"));
            Assert.Empty(page.FindAll("[data-testid=whatif-loading]"));
            Assert.Empty(page.FindAll("[data-testid=whatif-no-releases]"));
        }, TimeSpan.FromSeconds(30));
    }
}
