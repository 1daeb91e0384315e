using System.Security.Claims;
using Bunit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Application.Updates.Catalog;
using DeviceTrust.Application.Updates.Rollouts;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Updates;
using DeviceTrust.Web.Components.Pages.Updates;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace DeviceTrust.Web.Tests.Components.Updates;

/// <summary>
/// The rollout pages over the running app's real services and SQLite database: each test rolls a release out to a
/// device group of its own (<see cref="RolloutTestFleet"/>), so counts are exact whatever else the shared app holds.
/// </summary>
public sealed class RolloutPagesTests : BunitContext
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly IServiceProvider _app;

    public RolloutPagesTests(WebAppFixture app)
    {
        _app = app.Factory.Services;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(_app.GetRequiredService<RolloutQueries>());
        Services.AddSingleton(_app.GetRequiredService<RolloutHandlers>());
        Services.AddSingleton(_app.GetRequiredService<RolloutPlanner>());
        Services.AddSingleton(_app.GetRequiredService<FirmwareCatalogQueries>());
        Services.AddSingleton(_app.GetRequiredService<DeviceTrust.Application.Fleet.Groups.DeviceGroupQueries>());
        Services.AddSingleton(_app.GetRequiredService<IFleetNotifier>());
        Services.AddSingleton(_app.GetRequiredService<TimeProvider>());
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private static readonly string[] Actions = ["rollout-approve", "rollout-start", "rollout-pause", "rollout-resume", "rollout-advance", "rollout-cancel"];

    /// <summary>Signs in, the last service registration: then the pages render interactive on the server, as they run (the
    /// rollout view marks its live render for the e2e tests).</summary>
    private void SignIn(string user, string role)
    {
        AddAuthorization().SetAuthorized(user).SetRoles(role).SetClaims(new Claim(ClaimTypes.NameIdentifier, $"bunit-{user}"));
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", true));
    }

    private static string? TestId(MudComponentBase component) => component.UserAttributes.GetValueOrDefault("data-testid") as string;

    private static IReadOnlyList<string> ActionsShown(IRenderedComponent<RolloutPage> page) =>
        Actions.Where(a => page.FindAll($"[data-testid={a}]").Count > 0).ToList();

    private static string[] WaveAttribute(IRenderedComponent<RolloutPage> page, string attribute) =>
        page.FindAll("[data-testid=wave-row]").Select(w => w.GetAttribute(attribute)!).ToArray();

    private Task<RolloutTestFleet> FleetAsync(int inService, int outOfService = 0) => RolloutTestFleet.CreateAsync(_app, inService, outOfService, Ct);

    private IRenderedComponent<RolloutPage> RenderRollout(Guid id)
    {
        var page = Render<RolloutPage>(p => p.Add(c => c.Id, id));
        page.WaitForAssertion(() => page.Find("[data-testid=rollout-status]"), Timeout);
        return page;
    }

    [Fact]
    public async Task List_ShowsTheRolloutsInTheDatabase_AndOnlyOperatorsCreate()
    {
        var fleet = await FleetAsync(2);
        var id = await fleet.ApprovedAsync(Ct, RolloutTestFleet.Wave(1), RolloutTestFleet.Wave(1));

        SignIn("auditor", Roles.Auditor);
        var page = Render<RolloutsPage>();

        page.WaitForAssertion(() =>
        {
            var row = page.Find($"[data-testid=rollout-row][data-id='{id}']");
            Assert.Equal("Approved", row.GetAttribute("data-status"));
            Assert.Equal($"bunit {fleet.Group}", row.QuerySelector("[data-testid=rollout-name]")!.TextContent.Trim());
            Assert.Equal("2", row.QuerySelector("[data-testid=rollout-progress]")!.GetAttribute("data-devices"));
        }, Timeout);
        Assert.Empty(page.FindAll("[data-testid=rollout-new]"));
    }

    [Fact]
    public async Task Wizard_PreviewCountsEachWaveAndTheLeftOut_ThenCreatesExactlyThatPlan()
    {
        var fleet = await FleetAsync(5, outOfService: 1);
        SignIn("operator", Roles.Operator);
        var page = Render<CreateRolloutPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=wizard-step-release]"), Timeout);

        var selects = page.FindComponents<MudSelect<Guid?>>();
        await page.InvokeAsync(() => selects.Single(s => TestId(s.Instance) == "wizard-release").Instance.ValueChanged.InvokeAsync(fleet.Release.Id));
        await page.InvokeAsync(() => selects.Single(s => TestId(s.Instance) == "wizard-group").Instance.ValueChanged.InvokeAsync(fleet.GroupId));
        await page.InvokeAsync(() => page.Find("[data-testid=wizard-next]").Click());
        page.WaitForAssertion(() => page.Find("[data-testid=wizard-step-waves]"), Timeout);

        // Three waves: 2 devices, 10% (of 5, rounded up: 1), and the rest.
        await page.InvokeAsync(() => page.Find("[data-testid=wizard-wave-add]").Click());
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=wizard-wave]").Count), Timeout);
        await page.InvokeAsync(() => page.FindComponents<MudSwitch<bool>>().First(s => TestId(s.Instance) == "wave-percent").Instance.ValueChanged.InvokeAsync(false));
        await page.InvokeAsync(() => page.FindComponents<MudNumericField<int>>().First(s => TestId(s.Instance) == "wave-size").Instance.ValueChanged.InvokeAsync(2));
        await page.InvokeAsync(() => page.Find("[data-testid=wizard-next]").Click());

        page.WaitForAssertion(() =>
        {
            Assert.Equal(["2", "1", "2"], page.FindAll("[data-testid=preview-wave]").Select(w => w.GetAttribute("data-count")));
            Assert.Equal("5", page.Find("[data-testid=preview-eligible]").GetAttribute("data-count"));
            Assert.Equal("1", page.Find("[data-testid=preview-not-in-service]").GetAttribute("data-count"));
            Assert.Equal("0", page.Find("[data-testid=preview-already]").GetAttribute("data-count"));
            var first = page.Find("[data-testid=preview-wave][data-index='0']").QuerySelectorAll("[data-testid=preview-device]").Select(d => d.TextContent.Trim());
            Assert.Equal(fleet.Devices.Take(2).Select(d => d.SerialNumber), first);
        }, Timeout);

        await page.InvokeAsync(() => page.Find("[data-testid=wizard-create]").Click());

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Matches("/rollouts/[0-9a-f-]{36}$", navigation.Uri), Timeout);
        var id = Guid.Parse(navigation.Uri[^36..]);
        var detail = await fleet.DetailAsync(id, Ct);
        Assert.Equal((RolloutStatus.AwaitingApproval, "user:operator", 5), (detail.Rollout.Status, detail.Rollout.CreatedBy, detail.Rollout.Devices));
        Assert.Equal([2, 1, 2], detail.Waves.Select(w => w.Progress.Total));
        Assert.Equal(fleet.Group, detail.Group);
    }

    [Theory]
    [InlineData(Roles.Auditor, new string[0])]
    [InlineData(Roles.SecurityOfficer, new[] { "rollout-approve" })]
    [InlineData(Roles.Operator, new[] { "rollout-cancel" })]
    public async Task View_AwaitingApproval_ShowsWaveCountsAndOnlyTheActionsOfTheRole(string role, string[] expected)
    {
        var fleet = await FleetAsync(3);
        var id = await fleet.CreateAsync(Ct, RolloutTestFleet.Wave(2), RolloutTestFleet.Wave(1));

        SignIn(role.ToLowerInvariant(), role);
        var page = RenderRollout(id);

        page.WaitForAssertion(() =>
        {
            Assert.Equal("AwaitingApproval", page.Find("[data-testid=rollout-status]").GetAttribute("data-status"));
            Assert.Equal(["2", "1"], WaveAttribute(page, "data-pending"));
            Assert.Equal(["0", "0"], WaveAttribute(page, "data-verified"));
            Assert.Equal(3, page.FindAll("[data-testid=rollout-device-row]").Count);
            Assert.Equal(expected, ActionsShown(page));
            Assert.Equal(["created"], page.FindAll("[data-testid=timeline-entry]").Select(e => e.GetAttribute("data-action")));
        }, Timeout);
        // Devices change only in an operator's hands.
        Assert.Equal(role == Roles.Operator, page.FindAll("[data-testid=device-exclude]").Count > 0);
    }

    [Fact]
    public async Task View_Approved_OperatorStartsIt_AndTheDatabaseSaysRunning()
    {
        var fleet = await FleetAsync(2);
        var id = await fleet.ApprovedAsync(Ct, RolloutTestFleet.Wave(1), RolloutTestFleet.Wave(1));

        SignIn("operator", Roles.Operator);
        var page = RenderRollout(id);
        page.WaitForAssertion(() => Assert.Equal(["rollout-start", "rollout-cancel"], ActionsShown(page)), Timeout);

        await page.InvokeAsync(() => page.Find("[data-testid=rollout-start]").Click());

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Running", page.Find("[data-testid=rollout-status]").GetAttribute("data-status"));
            Assert.Equal(["rollout-pause", "rollout-cancel"], ActionsShown(page));
            Assert.Equal("true", page.Find("[data-testid=wave-row][data-index='0']").GetAttribute("data-current"));
        }, Timeout);
        Assert.Equal(RolloutStatus.Running, (await fleet.DetailAsync(id, Ct)).Rollout.Status);
    }

    [Fact]
    public async Task Pause_AsksAReason_PausesInTheDatabase_AndTheTimelineSaysWho()
    {
        var fleet = await FleetAsync(2);
        var id = await fleet.RunningAsync(Ct, RolloutTestFleet.Wave(1), RolloutTestFleet.Wave(1));
        SignIn("operator", Roles.Operator);
        var dialogs = Render<MudDialogProvider>();
        var page = RenderRollout(id);

        await page.InvokeAsync(() => page.Find("[data-testid=rollout-pause]").Click());
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=reason-dialog]"), Timeout);
        // Nothing changes until a reason is given and confirmed.
        Assert.True(dialogs.Find("[data-testid=reason-confirm]").HasAttribute("disabled"));
        Assert.Equal(RolloutStatus.Running, (await fleet.DetailAsync(id, Ct)).Rollout.Status);
        await dialogs.InvokeAsync(() => dialogs.Find("textarea[data-testid=reason-text]").Input("checking the first device by hand"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=reason-confirm]").Click());

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Paused", page.Find("[data-testid=rollout-status]").GetAttribute("data-status"));
            Assert.Equal("checking the first device by hand", page.Find("[data-testid=rollout-status-reason]").TextContent.Trim());
            Assert.Equal(["rollout-resume", "rollout-advance", "rollout-cancel"], ActionsShown(page));
            Assert.Equal("Start next wave", page.Find("[data-testid=rollout-advance]").TextContent.Trim());
            var paused = page.FindAll("[data-testid=timeline-entry]").Last();
            Assert.Equal(("paused", "user:operator"), (paused.GetAttribute("data-action"), paused.GetAttribute("data-actor")));
        }, Timeout);
        var detail = await fleet.DetailAsync(id, Ct);
        Assert.Equal((RolloutStatus.Paused, "checking the first device by hand"), (detail.Rollout.Status, detail.Rollout.StatusReason));

        // The check done, the operator starts the next wave.
        await page.InvokeAsync(() => page.Find("[data-testid=rollout-advance]").Click());
        page.WaitForAssertion(() =>
        {
            Assert.Equal("Running", page.Find("[data-testid=rollout-status]").GetAttribute("data-status"));
            var started = page.FindAll("[data-testid=timeline-entry]").Last();
            Assert.Equal(("wave-started", "user:operator"), (started.GetAttribute("data-action"), started.GetAttribute("data-actor")));
        }, Timeout);
        Assert.Equal(1, (await fleet.DetailAsync(id, Ct)).Rollout.CurrentWave);
    }

    [Fact]
    public async Task ExcludeADevice_AsksAReason_AndTheRowAndItsWaveFollow()
    {
        var fleet = await FleetAsync(3);
        var id = await fleet.RunningAsync(Ct, RolloutTestFleet.Wave(2), RolloutTestFleet.Wave(1));
        var serial = fleet.Devices[0].SerialNumber;
        SignIn("operator", Roles.Operator);
        var dialogs = Render<MudDialogProvider>();
        var page = RenderRollout(id);
        page.WaitForAssertion(() => page.Find($"[data-testid=device-exclude][data-serial='{serial}']"), Timeout);

        await page.InvokeAsync(() => page.Find($"[data-testid=device-exclude][data-serial='{serial}']").Click());
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=reason-dialog]"), Timeout);
        await dialogs.InvokeAsync(() => dialogs.Find("textarea[data-testid=reason-text]").Input("returned for repair"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=reason-confirm]").Click());

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Excluded", page.Find($"[data-testid=rollout-device-row][data-serial='{serial}']").GetAttribute("data-status"));
            // An excluded device no longer counts in its wave.
            Assert.Equal(["1", "1"], WaveAttribute(page, "data-pending"));
            Assert.Empty(page.FindAll($"[data-testid=device-exclude][data-serial='{serial}']"));
        }, Timeout);
        var targets = await _app.GetRequiredService<RolloutQueries>().TargetsAsync(id, search: serial, cancellationToken: Ct);
        Assert.Equal((RolloutTargetStatus.Excluded, "excluded: returned for repair"), (targets.Items[0].Status, targets.Items[0].Reason));
    }

    [Fact]
    public async Task RetryAFailedDevice_OffersItAgain_OnlyOperatorsSeeRetry()
    {
        var fleet = await FleetAsync(2);
        var id = await fleet.RunningAsync(Ct, RolloutTestFleet.Wave(1), RolloutTestFleet.Wave(1));
        var serial = fleet.Devices[0].SerialNumber;
        await fleet.FailAsync(id, serial, Ct);

        SignIn("operator", Roles.Operator);
        var page = RenderRollout(id);
        page.WaitForAssertion(() =>
        {
            Assert.Equal("Failed", page.Find($"[data-testid=rollout-device-row][data-serial='{serial}']").GetAttribute("data-status"));
            Assert.Equal(["1", "0"], WaveAttribute(page, "data-failed"));
            // Only the failed device is retried; every device not finished (or failed) can be excluded.
            Assert.Equal([serial], page.FindAll("[data-testid=device-retry]").Select(b => b.GetAttribute("data-serial")));
            Assert.Equal(2, page.FindAll("[data-testid=device-exclude]").Count);
        }, Timeout);

        await page.InvokeAsync(() => page.Find($"[data-testid=device-retry][data-serial='{serial}']").Click());

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Pending", page.Find($"[data-testid=rollout-device-row][data-serial='{serial}']").GetAttribute("data-status"));
            Assert.Equal(["0", "0"], WaveAttribute(page, "data-failed"));
            Assert.Empty(page.FindAll("[data-testid=device-retry]"));
        }, Timeout);
        var target = (await _app.GetRequiredService<RolloutQueries>().TargetsAsync(id, search: serial, cancellationToken: Ct)).Items.Single();
        Assert.Equal((RolloutTargetStatus.Pending, "retry"), (target.Status, target.Reason));
    }

    [Fact]
    public async Task View_IsLive_DeviceChangesAndRolloutDecisionsMadeElsewhereShowWithoutReload()
    {
        var fleet = await FleetAsync(3);
        var id = await fleet.RunningAsync(Ct, RolloutTestFleet.Wave(2), RolloutTestFleet.Wave(1));
        SignIn("auditor", Roles.Auditor);
        var page = RenderRollout(id);
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=rollout-device-row]").Count), Timeout);

        // A device taken out elsewhere publishes a fleet change: the row and the wave follow.
        var serial = fleet.Devices[1].SerialNumber;
        var target = (await _app.GetRequiredService<RolloutQueries>().TargetsAsync(id, search: serial, cancellationToken: Ct)).Items.Single();
        await fleet.Handlers.ExcludeAsync(RolloutTestFleet.Creator, id, target.Id, "elsewhere", Ct);
        page.WaitForAssertion(() =>
        {
            Assert.Equal("Excluded", page.Find($"[data-testid=rollout-device-row][data-serial='{serial}']").GetAttribute("data-status"));
            Assert.Equal(["1", "1"], WaveAttribute(page, "data-pending"));
        }, Timeout);

        // A decision about the rollout as a whole publishes no device change: the running rollout's poll brings it.
        await fleet.Handlers.PauseAsync(RolloutTestFleet.Creator, id, "paused elsewhere", Ct);
        page.WaitForAssertion(() =>
        {
            Assert.Equal("Paused", page.Find("[data-testid=rollout-status]").GetAttribute("data-status"));
            Assert.Equal("paused elsewhere", page.Find("[data-testid=rollout-status-reason]").TextContent.Trim());
            Assert.Empty(ActionsShown(page));
        }, Timeout);
    }

    [Fact]
    public void View_UnknownRollout_SaysSo()
    {
        SignIn("auditor", Roles.Auditor);
        var page = Render<RolloutPage>(p => p.Add(c => c.Id, Guid.NewGuid()));

        page.WaitForAssertion(() => page.Find("[data-testid=rollout-error]"), Timeout);
        Assert.Empty(page.FindAll("[data-testid=rollout-loading]"));
    }
}
