using Bunit;
using DeviceTrust.Application.Attestation.History;
using DeviceTrust.Application.Fleet.FleetSummary;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Web.Components.Pages.Attestation;
using DeviceTrust.Web.Tests.Attestation;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DeviceTrust.Web.Tests.Components;

/// <summary>
/// The attestation history and the verdict view over the running app's real services (SQLite), with appraisals made by
/// the real verifier from evidence signed for a registered key.
/// </summary>
public sealed class AttestationPagesTests : BunitContext
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly IServiceProvider _app;

    public AttestationPagesTests(WebAppFixture app)
    {
        _app = app.Factory.Services;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(_app.GetRequiredService<AppraisalQueries>());
        Services.AddSingleton(_app.GetRequiredService<FleetSummaryHandler>());
        Services.AddSingleton(_app.GetRequiredService<DeviceTrust.Application.Fleet.IFleetNotifier>());
        Services.AddSingleton(_app.GetRequiredService<TimeProvider>());
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task VerdictView_Contraindicated_ReadsWhy_ClaimByClaim_WithTheClaimsTheirCborAndTheEar()
    {
        var device = await InServiceDevice.RegisterAsync(_app, "ATT-VIEW", Ct);
        using var evidence = await TestEvidence.CreateAsync(_app, device.Id, Ct);
        var id = await evidence.AppraiseAsync(_app, evidence.Tampered, Ct);

        var page = Render<AppraisalPage>(p => p.Add(c => c.Id, id));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Contraindicated", page.Find("[data-testid=appraisal-verdict]").TextContent.Trim());
            Assert.Equal(device.SerialNumber, page.Find("[data-testid=appraisal-device]").TextContent.Trim());
            var executables = page.Find("[data-testid=appraisal-vector-row][data-claim=executables]");
            Assert.Equal("contraindicated", executables.GetAttribute("data-tier"));
            Assert.Contains("firmware", executables.QuerySelector("[data-testid=appraisal-reason]")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("affirming", page.Find("[data-testid=appraisal-vector-row][data-claim=instance-identity]").GetAttribute("data-tier"));
            Assert.Contains(Convert.ToHexStringLower(evidence.Ueid), page.Find("[data-testid=appraisal-claims]").TextContent, StringComparison.Ordinal);
            // The claims-set in diagnostic notation: eat_profile (265) and ueid (256) with its bytes.
            var diagnostic = page.Find("[data-testid=appraisal-claims-diagnostic]").TextContent;
            Assert.Contains("265: \"tag:devicetrust.dev,2026:eat/v1\"", diagnostic, StringComparison.Ordinal);
            Assert.Contains($"256: h'{Convert.ToHexStringLower(evidence.Ueid)}'", diagnostic, StringComparison.Ordinal);
            Assert.StartsWith("61(18([", page.Find("[data-testid=appraisal-evidence-diagnostic]").TextContent, StringComparison.Ordinal);
            Assert.Equal(3, page.Find("[data-testid=appraisal-ear]").TextContent.Trim().Split('.').Length);
        }, Timeout);
    }

    [Fact]
    public void VerdictView_UnknownAppraisal_SaysSo()
    {
        var page = Render<AppraisalPage>(p => p.Add(c => c.Id, Guid.NewGuid()));

        page.WaitForAssertion(() => page.Find("[data-testid=appraisal-not-found]"), Timeout);
    }

    [Fact]
    public async Task History_OneDevice_ListsItsVerdictsNewestFirst_FiltersByVerdict_AndChartsThem()
    {
        var device = await InServiceDevice.RegisterAsync(_app, "ATT-HISTORY", Ct);
        using var evidence = await TestEvidence.CreateAsync(_app, device.Id, Ct);
        await evidence.AppraiseAsync(_app, n => evidence.Build(n), Ct);
        await evidence.AppraiseAsync(_app, evidence.Tampered, Ct);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo($"/attestation?deviceId={device.Id}");

        var page = Render<AttestationHistory>();

        page.WaitForAssertion(() =>
        {
            Assert.Equal(["Contraindicated", "Affirming"], page.FindAll("[data-testid=attestation-row-verdict]").Select(e => e.TextContent.Trim()));
            Assert.Equal("2 appraisals", page.Find("[data-testid=attestation-count]").TextContent.Trim());
            page.Find("[data-testid=attestation-device-filter]");
            page.Find("[data-testid=attestation-chart] svg");
            Assert.Contains($"deviceId={device.Id}", page.Find("[data-testid=attestation-export]").GetAttribute("href"), StringComparison.Ordinal);
        }, Timeout);

        await page.InvokeAsync(() => page.FindComponent<MudBlazor.MudSelect<AttestationVerdict?>>().Instance.ValueChanged.InvokeAsync(AttestationVerdict.Affirming));

        page.WaitForAssertion(() =>
        {
            Assert.Equal(["Affirming"], page.FindAll("[data-testid=attestation-row-verdict]").Select(e => e.TextContent.Trim()));
            Assert.Contains("verdict=Affirming", page.Find("[data-testid=attestation-export]").GetAttribute("href"), StringComparison.Ordinal);
        }, Timeout);
    }

    [Fact]
    public async Task History_ADeviceWithNoVerdicts_EmptyStateAndAnEmptyChart()
    {
        var device = await InServiceDevice.RegisterAsync(_app, "ATT-EMPTY", Ct);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"/attestation?deviceId={device.Id}");

        var page = Render<AttestationHistory>();

        page.WaitForAssertion(() =>
        {
            page.Find("[data-testid=attestation-empty]");
            page.Find("[data-testid=attestation-chart-empty]");
        }, Timeout);
    }
}
