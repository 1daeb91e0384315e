using System.Security.Claims;
using Bunit;
using DeviceTrust.Application.Attestation.Policies;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Web.Components.Pages.Attestation;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace DeviceTrust.Web.Tests.Components;

/// <summary>
/// The attestation policy page over the running app's real services. Each test edits a device class of its own, created
/// with the default policy, so no seeded class's policy (which other tests' verdicts depend on) ever changes.
/// </summary>
public sealed class AttestationPoliciesPageTests : BunitContext
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly IServiceProvider _app;

    public AttestationPoliciesPageTests(WebAppFixture app)
    {
        _app = app.Factory.Services;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(_app.GetRequiredService<AttestationPolicies>());
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>A new manufacturer and device class, with <see cref="AttestationPolicy.CreateDefault"/> at version 1.</summary>
    private async Task<DeviceClass> NewClassAsync()
    {
        var name = $"bUnit Policy {Guid.NewGuid():N}"[..24];
        var manufacturer = Manufacturer.Create(Guid.NewGuid(), $"{name} Inc.");
        var deviceClass = DeviceClass.Create(Guid.NewGuid(), manufacturer.Id, name, Guid.NewGuid(), Guid.NewGuid(), "P1");
        await using var db = await _app.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        db.Manufacturers.Add(manufacturer);
        db.DeviceClasses.Add(deviceClass);
        await db.SaveChangesAsync(Ct);
        return deviceClass;
    }

    private async Task<AttestationPolicyView> StoredAsync(Guid classId) =>
        (await _app.GetRequiredService<AttestationPolicies>().ListAsync(Ct)).Single(p => p.DeviceClassId == classId);

    private void SignIn(string user, string role) =>
        AddAuthorization().SetAuthorized(user).SetRoles(role).SetClaims(new Claim(ClaimTypes.NameIdentifier, $"bunit-{user}"));

    private static string Cell(IRenderedComponent<AttestationPoliciesPage> page, string className, string testId) =>
        page.Find($"[data-testid=policy-row][data-class='{className}'] [data-testid={testId}]").TextContent.Trim();

    private static IRenderedComponent<T> Field<T>(IRenderedComponent<MudDialogProvider> dialogs, string testId) where T : MudComponentBase =>
        dialogs.FindComponents<T>().Single(c => c.Instance.UserAttributes.GetValueOrDefault("data-testid") as string == testId);

    [Fact]
    public async Task Render_AsAuditor_ReadsEveryPolicyAndWhatVerdictsDo_WithoutEdit()
    {
        var deviceClass = await NewClassAsync();
        SignIn("auditor", Roles.Auditor);

        var page = Render<AttestationPoliciesPage>();

        page.WaitForAssertion(() =>
        {
            Assert.Contains(page.FindAll("[data-testid=policy-row]"), r => r.GetAttribute("data-class") == "Acme Thermo T1");
            Assert.Equal("1", Cell(page, deviceClass.Name, "policy-version"));
            Assert.Equal("2 · disabled since boot", Cell(page, deviceClass.Name, "policy-row-dbgstat"));
            Assert.Equal("every 1 day", Cell(page, deviceClass.Name, "policy-row-interval"));
            Assert.Equal("Flag", Cell(page, deviceClass.Name, "policy-row-onwarning"));
            Assert.Equal("no", Cell(page, deviceClass.Name, "policy-row-release"));
        }, Timeout);
        Assert.Contains("Quarantined device is released", page.Find("[data-testid=policies-verdicts]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=policy-edit]"));
    }

    [Fact]
    public async Task Edit_AsSecurityOfficer_SavesTheNextVersion_AndTheRowShowsIt()
    {
        var deviceClass = await NewClassAsync();
        SignIn("security", Roles.SecurityOfficer);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<AttestationPoliciesPage>();
        page.WaitForAssertion(() => Assert.Equal("1", Cell(page, deviceClass.Name, "policy-version")), Timeout);

        await page.InvokeAsync(() => page.Find($"[data-testid=policy-row][data-class='{deviceClass.Name}'] [data-testid=policy-edit]").Click());
        dialogs.WaitForElement("[data-testid=policy-save]");
        await dialogs.InvokeAsync(() => Field<MudSelect<int>>(dialogs, "policy-dbgstat").Instance.ValueChanged.InvokeAsync(3));
        await dialogs.InvokeAsync(() => Field<MudNumericField<int>>(dialogs, "policy-interval").Instance.ValueChanged.InvokeAsync(390));
        await dialogs.InvokeAsync(() => Field<MudSelect<int>>(dialogs, "policy-claims").Instance.SelectedValuesChanged.InvokeAsync([267, 258]));
        await dialogs.InvokeAsync(() => Field<MudSelect<WarningAction>>(dialogs, "policy-onwarning").Instance.ValueChanged.InvokeAsync(WarningAction.Quarantine));
        await dialogs.InvokeAsync(() => Field<MudSwitch<bool>>(dialogs, "policy-release").Instance.ValueChanged.InvokeAsync(true));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=policy-save]").Click());

        page.WaitForAssertion(() =>
        {
            Assert.Equal("2", Cell(page, deviceClass.Name, "policy-version"));
            Assert.Equal("3 · permanently disabled", Cell(page, deviceClass.Name, "policy-row-dbgstat"));
            Assert.Equal("every 6 hours 30 minutes", Cell(page, deviceClass.Name, "policy-row-interval"));
            Assert.Equal("Quarantine", Cell(page, deviceClass.Name, "policy-row-onwarning"));
            Assert.Equal("yes", Cell(page, deviceClass.Name, "policy-row-release"));
            var claims = Cell(page, deviceClass.Name, "policy-row-claims");
            Assert.Contains("258 (oemid)", claims, StringComparison.Ordinal);
            Assert.Contains("267 (bootcount)", claims, StringComparison.Ordinal);
        }, Timeout);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=policy-dialog]")), Timeout);
        var stored = await StoredAsync(deviceClass.Id);
        Assert.Equal((2, 3, 390, WarningAction.Quarantine, true), (stored.Version, stored.MinimumDebugStatus, stored.ReattestationIntervalMinutes, stored.OnWarning, stored.ReleaseOnAffirming));
        Assert.Equal([258, 267], stored.RequiredClaims);
    }

    [Fact]
    public async Task Edit_SomeoneChangedItMeanwhile_TheConflictIsShownInTheDialog_AndTheirChangeStays()
    {
        var deviceClass = await NewClassAsync();
        SignIn("security", Roles.SecurityOfficer);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<AttestationPoliciesPage>();
        page.WaitForAssertion(() => Assert.Equal("1", Cell(page, deviceClass.Name, "policy-version")), Timeout);
        await page.InvokeAsync(() => page.Find($"[data-testid=policy-row][data-class='{deviceClass.Name}'] [data-testid=policy-edit]").Click());
        dialogs.WaitForElement("[data-testid=policy-save]");

        await _app.GetRequiredService<AttestationPolicies>().ChangeAsync(TestPledge.Officer, deviceClass.Id,
            new ChangeAttestationPolicyRequest(4, [], 60, WarningAction.Flag, false, ExpectedVersion: 1), Ct);
        await dialogs.InvokeAsync(() => Field<MudSwitch<bool>>(dialogs, "policy-release").Instance.ValueChanged.InvokeAsync(true));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=policy-save]").Click());

        dialogs.WaitForAssertion(() =>
            Assert.Contains("is at version 2 now, not 1", dialogs.Find("[data-testid=policy-error]").TextContent, StringComparison.Ordinal), Timeout);
        var stored = await StoredAsync(deviceClass.Id);
        Assert.Equal((2, 4, false), (stored.Version, stored.MinimumDebugStatus, stored.ReleaseOnAffirming));
    }
}
