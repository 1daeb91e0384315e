using Bunit;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.Provisioning.Certificates;
using DeviceTrust.Application.Provisioning.Enrollments;
using DeviceTrust.Application.Provisioning.Registrar;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Enrollment.Brski;
using DeviceTrust.Web.Components.Pages.Provisioning;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace DeviceTrust.Web.Tests.Components;

/// <summary>
/// The Enrollment page over the running app's real services: the approval queue per role, approving from it, and the
/// bootstraps paged on the server (a page of rows at a time, the rest a click away).
/// </summary>
public sealed class EnrollmentPageTests : BunitContext
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly IServiceProvider _app;

    public EnrollmentPageTests(WebAppFixture app)
    {
        _app = app.Factory.Services;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(_app.GetRequiredService<EnrollmentQueries>());
        Services.AddSingleton(_app.GetRequiredService<PledgeDecisions>());
        Services.AddSingleton(_app.GetRequiredService<CertificateRevocation>());
        Services.AddSingleton(_app.GetRequiredService<IFleetNotifier>());
        Services.AddSingleton(TimeProvider.System);
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>A gateway pledge (its class needs approval) that asked the registrar once and is held.</summary>
    private async Task<string> HeldPledgeAsync()
    {
        var serial = $"ACME-G2-UI-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
        using var pledge = await TestPledge.CreateAsync(_app, serial, "Acme Gateway G2", "Acme Sensors");
        var request = pledge.VoucherRequest(_app.GetRequiredService<DomainPki>().RegistrarTlsCertificate);
        var answer = await _app.GetRequiredService<BrskiRegistrar>().RequestVoucherAsync(pledge.SignCms(request), BrskiMediaTypes.VoucherCmsJson, pledge.Idevid, Ct);
        Assert.NotNull(answer.RetryAfter);
        return serial;
    }

    private async Task<PledgeEnrollment> StoredAsync(string serial)
    {
        await using var db = await _app.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        return await db.PledgeEnrollments.AsNoTracking().SingleAsync(e => e.SerialNumber == serial, Ct);
    }

    [Fact]
    public async Task Render_AsAuditor_ShowsTheHeldPledgeWithoutDecisionButtons()
    {
        var serial = await HeldPledgeAsync();
        AddAuthorization().SetAuthorized("auditor").SetRoles(Roles.Auditor);

        var page = Render<EnrollmentPage>();

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=pending-serial]"), e => e.TextContent == serial), Timeout);
        Assert.Empty(page.FindAll("[data-testid=pledge-approve]"));
        Assert.Empty(page.FindAll("[data-testid=pledge-reject]"));
        Assert.NotEmpty(page.FindAll("[data-testid=stat-awaiting-value]"));
    }

    [Fact]
    public async Task Approve_AsOperator_WithAReason_ApprovesThePledgeAndTakesItOffTheQueue()
    {
        var serial = await HeldPledgeAsync();
        AddAuthorization().SetAuthorized("operator").SetRoles(Roles.Operator)
            .SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, "bunit-operator"));
        var dialogs = Render<MudDialogProvider>();
        var page = Render<EnrollmentPage>();
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=pending-serial]"), e => e.TextContent == serial), Timeout);

        // Not awaited: the handler awaits the dialog's result, which comes only when the dialog is confirmed below.
        // Found and clicked on the renderer's thread: other tests' device changes re-render the live page in between.
        await page.InvokeAsync(() => page.FindAll("[data-testid=pending-table] tbody tr")
            .Single(r => r.TextContent.Contains(serial, StringComparison.Ordinal)).QuerySelector("[data-testid=pledge-approve]")!.Click());
        dialogs.WaitForElement("[data-testid=reason-text]").Input("installed on line 5 by our technician");
        dialogs.Find("[data-testid=reason-confirm]").Click();

        page.WaitForAssertion(() => Assert.DoesNotContain(page.FindAll("[data-testid=pending-serial]"), e => e.TextContent == serial), Timeout);
        var stored = await StoredAsync(serial);
        Assert.Equal(PledgeStatus.Approved, stored.Status);
        Assert.Equal("installed on line 5 by our technician", stored.DecisionReason);
        Assert.Equal("user:operator", stored.DecidedBy);
    }

    private const int Pledges = 30;

    /// <summary>New devices whose pledges were accepted by policy, saved (audited and published) as the registrar would.</summary>
    private async Task<IReadOnlyList<string>> AcceptedPledgesAsync(int count)
    {
        var prefix = $"BUNIT-PG-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        var operatorActor = new Actor("user:bunit", "bunit", new HashSet<string> { Roles.Operator });
        var serials = new List<string>();
        await using var db = await _app.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var manufacturerId = await db.Manufacturers.Where(m => m.Name == "Acme Sensors").Select(m => m.Id).SingleAsync(Ct);
        for (var i = 0; i < count; i++)
        {
            var serial = $"{prefix}-{i:D2}";
            var device = await _app.GetRequiredService<RegisterDeviceHandler>().HandleAsync(new RegisterDeviceRequest(serial, "Acme Thermo T1", "Acme Sensors"), operatorActor, Ct);
            db.PledgeEnrollments.Add(PledgeEnrollment.Open(device.Id, serial, manufacturerId,
                new PledgeIdentity($"{i:x2}{Guid.NewGuid():N}".PadRight(64, '0'), $"CN={serial}", "CN=Acme Sensors IDevID CA (DEV-ONLY)"),
                EnrollmentPolicy.AutoAccept, DateTimeOffset.UtcNow));
            serials.Add(serial);
        }

        await _app.GetRequiredService<AuditTrail>().SaveAsync(db, Ct);
        return serials;
    }

    private static IReadOnlyList<string> Serials(IRenderedComponent<EnrollmentPage> page) =>
        page.FindAll("[data-testid=recent-serial]").Select(e => e.TextContent).ToList();

    [Fact]
    public async Task RecentBootstraps_ManyPledges_OnePageShownAndTheNextReachable()
    {
        var serials = await AcceptedPledgesAsync(Pledges);
        AddAuthorization().SetAuthorized("auditor").SetRoles(Roles.Auditor);

        var page = Render<EnrollmentPage>();

        page.WaitForAssertion(() => Assert.Equal(25, Serials(page).Count), Timeout);
        // "1-25 of N": the pager counts every bootstrap (other tests may be adding theirs), the page holds 25.
        var shown = System.Text.RegularExpressions.Regex.Match(page.Find("[data-testid=recent-table]").TextContent, @"1-25 of (\d+)");
        Assert.True(shown.Success && int.Parse(shown.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= Pledges);
        var first = Serials(page);

        // The pager's buttons: first, previous, next, last.
        await page.InvokeAsync(() => page.FindAll("[data-testid=recent-table] .mud-table-pagination-actions button")[2].Click());

        page.WaitForAssertion(() => Assert.NotEqual(first, Serials(page)), Timeout);
        var second = Serials(page);
        Assert.InRange(second.Count, 1, 25);
        Assert.Empty(second.Intersect(first));
        // The newest are the test's own, most recently active first: all 30 within the first two pages.
        Assert.Subset(first.Concat(second).ToHashSet(), serials.ToHashSet());
    }
}
