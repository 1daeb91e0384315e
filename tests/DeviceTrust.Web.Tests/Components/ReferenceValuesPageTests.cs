using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Bunit;
using DeviceTrust.Application.Attestation.ReferenceValues;
using DeviceTrust.Application.Fleet.FleetSummary;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Web.Components.Pages.Attestation;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace DeviceTrust.Web.Tests.Components;

/// <summary>
/// The reference values page over the running app's real services: each test works on a firmware version of its own
/// for "Acme Thermo T1" (the attestation tests use 7.x.0 versions), so tests never see each other's entries.
/// </summary>
public sealed class ReferenceValuesPageTests : BunitContext
{
    private const string Class = "Acme Thermo T1";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly IServiceProvider _app;

    public ReferenceValuesPageTests(WebAppFixture app)
    {
        _app = app.Factory.Services;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(_app.GetRequiredService<ReferenceValueQueries>());
        Services.AddSingleton(_app.GetRequiredService<ReferenceValueHandlers>());
        Services.AddSingleton(_app.GetRequiredService<FleetSummaryHandler>());
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private static string NewVersion() => $"9.{Random.Shared.Next(1_000_000)}.0";

    private static ReferenceValueEntry Entry(string version, string component) =>
        new(Class, version, component, "sha-256", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    private Task<ReferenceValueItem> AddAsync(ReferenceValueEntry entry) => _app.GetRequiredService<ReferenceValueHandlers>().AddAsync(TestPledge.Officer, entry, Ct);

    private Task<IReadOnlyList<ReferenceValueItem>> StoredAsync(string version) => _app.GetRequiredService<ReferenceValueQueries>().ListAsync(null, version, Ct);

    private void SignIn(string user, string role) =>
        AddAuthorization().SetAuthorized(user).SetRoles(role).SetClaims(new Claim(ClaimTypes.NameIdentifier, $"bunit-{user}"));

    private static IReadOnlyList<string> Components(IRenderedComponent<ReferenceValuesPage> page) =>
        page.FindAll("[data-testid=refvalue-row]").Select(r => r.GetAttribute("data-component")!).Order(StringComparer.Ordinal).ToList();

    /// <summary>Renders the page and filters it to one firmware version.</summary>
    private async Task<IRenderedComponent<ReferenceValuesPage>> RenderForVersionAsync(string version)
    {
        var page = Render<ReferenceValuesPage>();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=refvalues-loading]")), Timeout);
        await page.InvokeAsync(() => page.FindComponent<MudTextField<string>>().Instance.ValueChanged.InvokeAsync(version));
        return page;
    }

    [Fact]
    public async Task Filters_ByVersionAndClass_ShowOnlyThoseEntries_WithTheDigestShortenedAndTheExportFiltered()
    {
        var version = NewVersion();
        var firmware = await AddAsync(Entry(version, "firmware"));
        await AddAsync(Entry(version, "bootloader"));
        await AddAsync(Entry(NewVersion(), "firmware"));

        SignIn("operator", Roles.Operator);
        var page = await RenderForVersionAsync(version);

        page.WaitForAssertion(() =>
        {
            Assert.Equal(["bootloader", "firmware"], Components(page));
            Assert.All(page.FindAll("[data-testid=refvalue-row]"), r => Assert.Equal((Class, version), (r.GetAttribute("data-class"), r.GetAttribute("data-version"))));
            var digest = page.Find($"[data-testid=refvalue-row][data-id='{firmware.Id}'] [data-testid=refvalue-digest]");
            Assert.Equal(firmware.Digest, digest.GetAttribute("title"));
            Assert.Equal(firmware.Digest[..16] + "…", digest.TextContent.Trim());
            Assert.Equal("/api/v1/reference-values/export", page.Find("[data-testid=refvalues-export]").GetAttribute("href"));
        }, Timeout);

        var classId = (await _app.GetRequiredService<FleetSummaryHandler>().HandleAsync(Ct)).DeviceClasses.Single(c => c.Name == Class).Id;
        await page.InvokeAsync(() => page.FindComponent<MudSelect<Guid?>>().Instance.ValueChanged.InvokeAsync(classId));
        page.WaitForAssertion(() =>
        {
            Assert.Equal(["bootloader", "firmware"], Components(page));
            Assert.Equal($"/api/v1/reference-values/export?deviceClassId={classId}", page.Find("[data-testid=refvalues-export]").GetAttribute("href"));
        }, Timeout);

        await page.InvokeAsync(() => page.FindComponent<MudTextField<string>>().Instance.ValueChanged.InvokeAsync(NewVersion() + "-none"));
        page.WaitForAssertion(() =>
        {
            page.Find("[data-testid=refvalues-empty]");
            Assert.Empty(page.FindAll("[data-testid=refvalue-row]"));
        }, Timeout);
    }

    [Fact]
    public async Task Render_AsAuditor_ListsAndExportsWithoutChangeControls()
    {
        var version = NewVersion();
        await AddAsync(Entry(version, "firmware"));

        SignIn("auditor", Roles.Auditor);
        var page = await RenderForVersionAsync(version);

        page.WaitForAssertion(() => Assert.Equal(["firmware"], Components(page)), Timeout);
        Assert.Equal("Reference values", page.Find("[data-testid=page-title]").TextContent.Trim());
        page.Find("[data-testid=refvalues-export]");
        Assert.Empty(page.FindAll("[data-testid=refvalues-add]"));
        Assert.Empty(page.FindAll("[data-testid=refvalues-import]"));
        Assert.Empty(page.FindAll("[data-testid=refvalue-remove]"));
    }

    [Fact]
    public async Task Add_AsSecurityOfficer_AWrongLengthIsShownInTheDialog_ThenTheRowAppears()
    {
        var version = NewVersion();
        var digest = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(48));
        SignIn("security", Roles.SecurityOfficer);
        var dialogs = Render<MudDialogProvider>();
        var page = await RenderForVersionAsync(version);
        page.WaitForAssertion(() => page.Find("[data-testid=refvalues-empty]"), Timeout);

        await page.InvokeAsync(() => page.Find("[data-testid=refvalues-add]").Click());
        // The page's version filter starts the dialog; the class is chosen here.
        dialogs.WaitForAssertion(() => Assert.Equal(version, dialogs.Find("input[data-testid=refvalue-version-input]").GetAttribute("value")), Timeout);
        var select = dialogs.FindComponents<MudSelect<string>>();
        await dialogs.InvokeAsync(() => select.Single(s => TestId(s.Instance) == "refvalue-class").Instance.ValueChanged.InvokeAsync(Class));
        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=refvalue-component-input]").Input("application"));
        await dialogs.InvokeAsync(() => dialogs.Find("textarea[data-testid=refvalue-digest-input]").Input(digest));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=refvalue-submit]").Click());

        // 48 bytes is not a sha-256 digest: the handler says so, in the dialog, and stores nothing.
        dialogs.WaitForAssertion(() => Assert.Contains("48", dialogs.Find("[data-testid=refvalue-error]").TextContent, StringComparison.Ordinal), Timeout);
        Assert.Empty(await StoredAsync(version));

        await dialogs.InvokeAsync(() => select.Single(s => TestId(s.Instance) == "refvalue-algorithm").Instance.ValueChanged.InvokeAsync("sha-384"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=refvalue-submit]").Click());

        page.WaitForAssertion(() => Assert.Equal(["application"], Components(page)), Timeout);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=refvalue-dialog]")), Timeout);
        var stored = Assert.Single(await StoredAsync(version));
        Assert.Equal((Class, "application", "sha-384", digest, "user:security"), (stored.DeviceClass, stored.Component, stored.DigestAlgorithm, stored.Digest, stored.AddedBy));
    }

    [Fact]
    public async Task Remove_AsSecurityOfficer_AfterConfirming_TheRowDisappears()
    {
        var version = NewVersion();
        var kept = await AddAsync(Entry(version, "bootloader"));
        var removed = await AddAsync(Entry(version, "firmware"));
        SignIn("security", Roles.SecurityOfficer);
        var dialogs = Render<MudDialogProvider>();
        var page = await RenderForVersionAsync(version);
        page.WaitForAssertion(() => Assert.Equal(["bootloader", "firmware"], Components(page)), Timeout);

        await page.InvokeAsync(() => page.Find($"[data-testid=refvalue-row][data-id='{removed.Id}'] [data-testid=refvalue-remove]").Click());
        await dialogs.InvokeAsync(() => dialogs.WaitForElement("[data-testid=refvalue-remove-confirm]", Timeout).Click());

        page.WaitForAssertion(() => Assert.Equal(["bootloader"], Components(page)), Timeout);
        Assert.Equal([kept.Id], (await StoredAsync(version)).Select(v => v.Id));
    }

    [Fact]
    public async Task Import_AsSecurityOfficer_AnExportedFile_ShowsAddedAndUnchanged()
    {
        var version = NewVersion();
        var existing = Entry(version, "bootloader");
        await AddAsync(existing);
        var file = JsonSerializer.Serialize(new[] { existing, Entry(version, "firmware"), Entry(version, "application") }, Web);
        SignIn("security", Roles.SecurityOfficer);
        var dialogs = Render<MudDialogProvider>();
        var page = await RenderForVersionAsync(version);
        page.WaitForAssertion(() => Assert.Equal(["bootloader"], Components(page)), Timeout);

        await page.InvokeAsync(() => page.Find("[data-testid=refvalues-import]").Click());
        var upload = dialogs.WaitForComponent<InputFile>(Timeout);
        await dialogs.InvokeAsync(() => upload.UploadFiles(InputFileContent.CreateFromText(file, "reference-values.json", contentType: "application/json")));
        dialogs.WaitForAssertion(() => Assert.Contains("3 entries", dialogs.Find("[data-testid=refvalues-import-summary]").TextContent, StringComparison.Ordinal), Timeout);
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=refvalues-import-submit]").Click());

        page.WaitForAssertion(() =>
        {
            Assert.Contains("2 added, 1 unchanged", page.Find("[data-testid=refvalues-import-result]").TextContent, StringComparison.Ordinal);
            Assert.Equal(["application", "bootloader", "firmware"], Components(page));
        }, Timeout);
    }

    [Fact]
    public async Task Import_MalformedFile_ShowsWhyAndImportsNothing()
    {
        var version = NewVersion();
        var truncated = JsonSerializer.Serialize(new[] { Entry(version, "firmware") }, Web)[..40];
        SignIn("security", Roles.SecurityOfficer);
        var dialogs = Render<MudDialogProvider>();
        var page = await RenderForVersionAsync(version);
        page.WaitForAssertion(() => page.Find("[data-testid=refvalues-empty]"), Timeout);

        await page.InvokeAsync(() => page.Find("[data-testid=refvalues-import]").Click());
        var upload = dialogs.WaitForComponent<InputFile>(Timeout);
        await dialogs.InvokeAsync(() => upload.UploadFiles(InputFileContent.CreateFromText(truncated, "broken.json")));

        dialogs.WaitForAssertion(() =>
        {
            Assert.Contains("broken.json is not a JSON array of reference values", dialogs.Find("[data-testid=refvalues-import-error]").TextContent, StringComparison.Ordinal);
            Assert.True(dialogs.Find("[data-testid=refvalues-import-submit]").HasAttribute("disabled"));
        }, Timeout);
        Assert.Empty(await StoredAsync(version));
    }

    [Fact]
    public async Task Import_OneInvalidEntry_NamesItAndImportsNoneOfTheFile()
    {
        var version = NewVersion();
        var file = JsonSerializer.Serialize(new[] { Entry(version, "firmware"), Entry(version, "bootloader") with { Digest = "not hex" } }, Web);
        SignIn("security", Roles.SecurityOfficer);
        var dialogs = Render<MudDialogProvider>();
        var page = await RenderForVersionAsync(version);
        page.WaitForAssertion(() => page.Find("[data-testid=refvalues-empty]"), Timeout);

        await page.InvokeAsync(() => page.Find("[data-testid=refvalues-import]").Click());
        var upload = dialogs.WaitForComponent<InputFile>(Timeout);
        await dialogs.InvokeAsync(() => upload.UploadFiles(InputFileContent.CreateFromText(file, "half-good.json")));
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=refvalues-import-summary]"), Timeout);
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=refvalues-import-submit]").Click());

        dialogs.WaitForAssertion(() =>
            Assert.Equal("Entry 2 (digest): The digest is hexadecimal.", dialogs.Find("[data-testid=refvalues-import-error]").TextContent.Trim()), Timeout);
        Assert.Empty(await StoredAsync(version));
        Assert.Empty(page.FindAll("[data-testid=refvalues-import-result]"));
    }

    private static string? TestId(MudComponentBase component) => component.UserAttributes.GetValueOrDefault("data-testid") as string;
}
