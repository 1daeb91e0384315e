using System.Security.Claims;
using Bunit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Refusals;
using DeviceTrust.Application.Refusals.AcknowledgeRefusal;
using DeviceTrust.Application.Refusals.ListRefusals;
using DeviceTrust.Application.Refusals.RecordRefusals;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Refusals;
using DeviceTrust.Web.Components.Pages.Refusals;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace DeviceTrust.Web.Tests.Refusals;

/// <summary>The Refusals page over the running app's real services (its database behind a gate the tests can close).</summary>
public sealed class RefusalsPageTests : BunitContext
{
    private const string EmptyText = "Nothing matching these filters was refused";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly IServiceProvider _app;
    private readonly GatedDbContextFactory _database;

    public RefusalsPageTests(WebAppFixture app)
    {
        _app = app.Factory.Services;
        _database = new GatedDbContextFactory(_app.GetRequiredService<IDeviceTrustDbContextFactory>());
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(new RefusalQueries(_database, TimeProvider.System));
        Services.AddSingleton(_app.GetRequiredService<AcknowledgeRefusalHandler>());
        Services.AddSingleton(_app.GetRequiredService<IRefusalNotifier>());
        Services.AddSingleton(TimeProvider.System);
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>A refusal from an address of its own (IPv6 documentation prefix), written as the recorder's writer writes it, now.</summary>
    private async Task<string> RefusedAsync()
    {
        var source = $"2001:db8::{Guid.NewGuid().ToString("N")[..4]}:{Guid.NewGuid().ToString("N")[..4]}";
        var batch = new RefusalBatch();
        batch.Add(new RefusalReport(RefusalEndpoint.Est, RefusalCategory.UntrustedCertificate, source, Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
            "NOPE-BUNIT", "CN=NOPE-BUNIT", "CN=NOPE-BUNIT", "The client certificate is neither an IDevID nor an LDevID.", DateTimeOffset.UtcNow));
        await _app.GetRequiredService<RecordRefusalsHandler>().WriteAsync(batch.Take(), Ct);
        return source;
    }

    private void SignIn(string user, string role) =>
        AddAuthorization().SetAuthorized(user).SetRoles(role).SetClaims(new Claim(ClaimTypes.NameIdentifier, $"bunit-{user}"));

    private static IReadOnlyList<string> Sources(IRenderedComponent<RefusalsPage> page) =>
        page.FindAll("[data-testid=refusal-source-address]").Select(e => e.TextContent).ToList();

    [Fact]
    public async Task Render_AsSecurityOfficer_ShowsTheRefusalWithAcknowledge()
    {
        var source = await RefusedAsync();
        SignIn("security", Roles.SecurityOfficer);

        var page = Render<RefusalsPage>();

        page.WaitForAssertion(() => Assert.Contains(source, Sources(page)), Timeout);
        Assert.NotEmpty(page.FindAll("[data-testid=refusal-acknowledge]"));
        Assert.NotEmpty(page.FindAll("[data-testid=stat-open-value]"));
    }

    [Fact]
    public async Task Render_AsAuditor_ShowsTheRefusalWithoutAcknowledge()
    {
        var source = await RefusedAsync();
        SignIn("auditor", Roles.Auditor);

        var page = Render<RefusalsPage>();

        page.WaitForAssertion(() => Assert.Contains(source, Sources(page)), Timeout);
        Assert.Empty(page.FindAll("[data-testid=refusal-acknowledge]"));
        Assert.Empty(page.FindAll("[data-testid=refusal-acknowledge-source]"));
    }

    [Fact]
    public void Render_AsOperator_IsDeniedAndLoadsNothing()
    {
        SignIn("operator", Roles.Operator);

        var page = Render<RefusalsPage>();

        Assert.NotNull(page.Find("[data-testid=access-denied]"));
        Assert.Empty(page.FindAll("[data-testid=refusal-table]"));
        Assert.Equal(0, _database.Arrived);
    }

    [Fact]
    public async Task NewRefusal_WhileShown_AppearsWithoutReload()
    {
        SignIn("auditor", Roles.Auditor);
        var page = Render<RefusalsPage>();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=refusal-table-loading]")), Timeout);

        var source = await RefusedAsync();

        page.WaitForAssertion(() => Assert.Contains(source, Sources(page)), Timeout);
    }

    [Fact]
    public async Task Acknowledge_AsSecurityOfficer_WithANote_MarksTheRowAcknowledged()
    {
        var source = await RefusedAsync();
        SignIn("security", Roles.SecurityOfficer);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<RefusalsPage>();
        page.WaitForAssertion(() => Assert.Contains(source, Sources(page)), Timeout);
        await page.InvokeAsync(() => page.Find("input[data-testid=refusal-source]").Input(source));
        page.WaitForAssertion(() => Assert.Equal([source], Sources(page)), Timeout);

        await page.InvokeAsync(() => page.Find("[data-testid=refusal-acknowledge]").Click());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=reason-text]")), Timeout);
        await dialogs.InvokeAsync(() => dialogs.Find("textarea[data-testid=reason-text], [data-testid=reason-text] textarea").Input("known lab bench"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=reason-confirm]").Click());

        page.WaitForAssertion(() => Assert.Equal("Acknowledged", page.Find("[data-testid=refusal-status]").TextContent.Trim()), Timeout);
    }

    [Fact]
    public async Task Render_SlowFirstLoad_ShowsLoadingNeverEmptyThenTheEmptyStateOnlyAfterAnEmptyLoad()
    {
        SignIn("auditor", Roles.Auditor);
        _database.Close();
        var page = Render<RefusalsPage>();
        var emptyRenders = 0;
        page.OnMarkupUpdated += (_, _) =>
        {
            if (page.Markup.Contains(EmptyText, StringComparison.Ordinal)) Interlocked.Increment(ref emptyRenders);
        };

        await Wait.UntilAsync(() => _database.Arrived >= 2, "the summary and the first page to reach the database", Timeout);
        Assert.NotNull(page.Find("[data-testid=refusal-table-loading]"));
        Assert.DoesNotContain(EmptyText, page.Markup, StringComparison.Ordinal);
        await page.InvokeAsync(() => page.Find("input[data-testid=refusal-search]").Input("NO-SUCH-SERIAL-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(0, Volatile.Read(ref emptyRenders));

        _database.Open();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=refusal-table-empty]")), Timeout);
        Assert.Empty(page.FindAll("[data-testid=refusal-table-loading]"));
    }
}
