using Bunit;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Web.Components.Pages;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DeviceTrust.Web.Tests.Components;

/// <summary>The audit log over the running app's real services: labelled details, filters from and into the URL, linked targets.</summary>
public sealed class AuditLogPageTests : BunitContext
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly IServiceProvider _app;
    private readonly string _actor = $"user:bunit-audit-{Guid.NewGuid():N}";

    public AuditLogPageTests(WebAppFixture app)
    {
        _app = app.Factory.Services;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(_app.GetRequiredService<AuditQueries>());
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private Task RecordAsync(string action, string targetType, string targetId, string details) =>
        _app.GetRequiredService<AuditTrail>().RecordAsync(_app.GetRequiredService<IDeviceTrustDbContextFactory>(),
            new AuditRecord(_actor, action, targetType, targetId, details), Ct);

    private IRenderedComponent<AuditLog> RenderAt(string query)
    {
        Navigation.NavigateTo("/audit" + query);
        return Render<AuditLog>();
    }

    private static IReadOnlyList<string> Actions(IRenderedComponent<AuditLog> page) =>
        page.FindAll("[data-testid=audit-action]").Select(e => e.TextContent).ToList();

    [Fact]
    public async Task Details_NestedAndOldEscapedJson_ShownAsLabelledFieldsWithRawJsonOnRequest()
    {
        await RecordAsync("bunit.details", AuditTargets.TrustAnchor, Guid.NewGuid().ToString(),
            """{"status":false,"reason":"voucher refused","context":"{\"pinned\":\"no\"}","Fingerprint":"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"}""");

        var page = RenderAt($"?actor={Uri.EscapeDataString(_actor)}");

        page.WaitForAssertion(() => Assert.Equal(["bunit.details"], Actions(page)), Timeout);
        var labels = page.FindAll("[data-testid=audit-field]").Select(f => f.GetAttribute("data-label")).ToList();
        Assert.Equal(["Status", "Reason", "Context", "Pinned", "Fingerprint"], labels);
        Assert.Equal("voucher refused", page.Find("[data-testid=audit-field][data-label=Reason]").TextContent);
        var fingerprint = page.Find("[data-testid=audit-field][data-label=Fingerprint] .ellipsis");
        Assert.Equal("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", fingerprint.GetAttribute("title"));
        Assert.Empty(page.FindAll("[data-testid=audit-raw]"));

        page.Find("[data-testid=audit-raw-toggle]").Click();

        var raw = page.Find("[data-testid=audit-raw]").TextContent;
        Assert.Contains("\n  \"reason\": \"voucher refused\",", raw.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("true", page.Find("[data-testid=audit-raw-toggle]").GetAttribute("aria-expanded"));
    }

    [Fact]
    public async Task FiltersInTheUrl_ReachTheQuery()
    {
        await RecordAsync("bunit.first", "fleet", "one", "{}");
        await RecordAsync("bunit.second", "fleet", "two", "not json");
        await RecordAsync("bunit.second", "fleet", "three", "{}");

        var byAction = RenderAt($"?actor={Uri.EscapeDataString(_actor)}&action=bunit.second&targetType=fleet&targetId=two");

        byAction.WaitForAssertion(() => Assert.Equal(["bunit.second"], Actions(byAction)), Timeout);
        Assert.Equal("not json", byAction.Find("[data-testid=audit-details-text]").TextContent);
        Assert.Contains("1 entries", byAction.Find("[data-testid=audit-count]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeRangeInTheUrl_OnlyEntriesInIt_AndAnEmptyResultSaysSo()
    {
        await RecordAsync("bunit.timed", "fleet", "x", "{}");
        var future = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var page = RenderAt($"?actor={Uri.EscapeDataString(_actor)}&from={future}");

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=audit-empty]")), Timeout);
        Assert.Contains("No audit entries match these filters", page.Markup, StringComparison.Ordinal);
        Assert.Empty(Actions(page));
    }

    [Fact]
    public async Task TimeRangeBackwards_ErrorNamesIt_NoEmptyState()
    {
        await RecordAsync("bunit.timed", "fleet", "x", "{}");

        var page = RenderAt($"?actor={Uri.EscapeDataString(_actor)}&from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z");

        page.WaitForAssertion(() => Assert.Contains("(to) is before its start", page.Find("[data-testid=audit-error]").TextContent, StringComparison.Ordinal), Timeout);
        Assert.Empty(page.FindAll("[data-testid=audit-empty]"));
    }

    [Fact]
    public async Task TypedFilters_ReachTheQueryAndTheUrl_ClearFiltersEmptiesBoth()
    {
        await RecordAsync("bunit.typed", "fleet", "typed", "{}");
        var page = RenderAt("");
        page.WaitForAssertion(() => Assert.NotEmpty(Actions(page)), Timeout);

        page.Find("[data-testid=audit-filter-actor]").Input(_actor);

        page.WaitForAssertion(() => Assert.Equal(["bunit.typed"], Actions(page)), Timeout);
        Assert.Equal(_actor, Query(Navigation.Uri)["actor"]);

        page.Find("[data-testid=audit-filter-from]").Change("2026-11-27T09:00");
        page.WaitForAssertion(() => Assert.Equal("2026-11-27T09:00:00Z", Query(Navigation.Uri)["from"]), Timeout);
        Assert.Equal(["bunit.typed"], Actions(page));

        page.Find("[data-testid=audit-filter-clear]").Click();

        page.WaitForAssertion(() => Assert.True(Actions(page).Count > 1), Timeout);
        Assert.Empty(Query(Navigation.Uri));
    }

    [Fact]
    public async Task Targets_LinkToTheirPages_DevicesByIdForTheirSerial()
    {
        var serial = $"BUNIT-AUD-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
        var device = await _app.GetRequiredService<RegisterDeviceHandler>().HandleAsync(new RegisterDeviceRequest(serial, "Acme Thermo T1", "Acme Sensors"),
            new Actor(_actor, "bunit", new HashSet<string> { Roles.Operator }), Ct);
        await RecordAsync("bunit.by-device", AuditTargets.Device, serial, "{}");
        await RecordAsync("bunit.anchor", AuditTargets.TrustAnchor, Guid.NewGuid().ToString(), "{}");
        await RecordAsync("bunit.tpa", AuditTargets.ProvisioningAuthority, Guid.NewGuid().ToString(), "{}");
        await RecordAsync("bunit.user", AuditTargets.User, "auditor", "{}");
        await RecordAsync("bunit.reference-value", AuditTargets.ReferenceValue, Guid.NewGuid().ToString(), "{}");
        await RecordAsync("bunit.policy", AuditTargets.DeviceClass, "Acme Thermo T1", "{}");
        await RecordAsync("bunit.gone", AuditTargets.Device, "NO-SUCH-DEVICE-1", "{}");

        var page = RenderAt($"?actor={Uri.EscapeDataString(_actor)}");

        page.WaitForAssertion(() => Assert.Equal(8, Actions(page).Count), Timeout);
        string? TargetHref(string action) => page.FindAll("tr").Single(r => r.QuerySelector("[data-testid=audit-action]")?.TextContent == action)
            .QuerySelector("[data-testid=audit-target-link]")?.GetAttribute("href");
        Assert.Equal($"/devices/{device.Id}", TargetHref("device.registered"));
        Assert.Equal($"/devices/{device.Id}", TargetHref("bunit.by-device"));
        Assert.Equal("/trust-anchors", TargetHref("bunit.anchor"));
        Assert.Equal("/tpas", TargetHref("bunit.tpa"));
        Assert.Equal("/users", TargetHref("bunit.user"));
        Assert.Equal("/attestation/reference-values", TargetHref("bunit.reference-value"));
        Assert.Equal("/attestation/policies", TargetHref("bunit.policy"));
        Assert.Null(TargetHref("bunit.gone"));
    }

    [Fact]
    public async Task DeviceActor_LinksToTheDevice()
    {
        var serial = $"BUNIT-ACT-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
        var device = await _app.GetRequiredService<RegisterDeviceHandler>().HandleAsync(new RegisterDeviceRequest(serial, "Acme Thermo T1", "Acme Sensors"),
            new Actor(_actor, "bunit", new HashSet<string> { Roles.Operator }), Ct);
        await _app.GetRequiredService<AuditTrail>().RecordAsync(_app.GetRequiredService<IDeviceTrustDbContextFactory>(),
            new AuditRecord($"device:{serial}", "bunit.device-acted", AuditTargets.Device, serial, "{}"), Ct);

        var page = RenderAt($"?actor=device:{serial}");

        page.WaitForAssertion(() => Assert.Equal(["bunit.device-acted"], Actions(page)), Timeout);
        Assert.Equal($"/devices/{device.Id}", page.Find("[data-testid=audit-actor-link]").GetAttribute("href"));
    }

    private static Dictionary<string, string> Query(string uri) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(uri).Query).ToDictionary(p => p.Key, p => p.Value.ToString());
}
