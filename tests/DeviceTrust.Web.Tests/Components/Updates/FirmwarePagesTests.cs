using System.Security.Claims;
using System.Security.Cryptography;
using Bunit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Updates.Catalog;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Web.Components.Pages.Updates;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DeviceTrust.Web.Tests.Components.Updates;

/// <summary>The release page over the running app's real catalog: the manifest outline and diagnostic notation, and who may act.</summary>
public sealed class FirmwarePagesTests : BunitContext
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly IServiceProvider _app;

    public FirmwarePagesTests(WebAppFixture app)
    {
        _app = app.Factory.Services;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(_app.GetRequiredService<FirmwareCatalogQueries>());
        Services.AddSingleton(_app.GetRequiredService<PublishFirmwareHandler>());
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private void SignIn(string user, string role)
    {
        AddAuthorization().SetAuthorized(user).SetRoles(role).SetClaims(new Claim(ClaimTypes.NameIdentifier, $"bunit-{user}"));
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", true));
    }

    private async Task<(FirmwareReleaseItem Earlier, FirmwareReleaseItem Latest)> TwoReleasesAsync()
    {
        Guid classId;
        await using (var db = await _app.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct))
            classId = await db.DeviceClasses.Where(c => c.Name == "Kumo Meter M7").Select(c => c.Id).SingleAsync(Ct);
        var publish = _app.GetRequiredService<PublishFirmwareHandler>();
        var operatorActor = Actor.User("operator", "op-id", [Roles.Operator]);
        var suffix = RandomNumberGenerator.GetInt32(10_000, 99_999);
        var earlier = await publish.PublishImageAsync(operatorActor, new PublishImageRequest(classId, $"8.{suffix}.0", "firmware", RandomNumberGenerator.GetBytes(64)), Ct);
        var latest = await publish.PublishImageAsync(operatorActor, new PublishImageRequest(classId, $"8.{suffix}.1", "firmware", RandomNumberGenerator.GetBytes(64)), Ct);
        return (earlier, latest);
    }

    [Fact]
    public async Task ReleasePage_ShowsTheOutlineAndDiagnosticNotation_AndOnlyAnOperatorMayRollBackOrWithdraw()
    {
        var (earlier, _) = await TwoReleasesAsync();

        SignIn("auditor", Roles.Auditor);
        var page = Render<FirmwareReleasePage>(p => p.Add(c => c.Id, earlier.Id));
        page.WaitForAssertion(() => page.Find("[data-testid=release-outline]"), Timeout);

        Assert.Contains($"component-version: {earlier.Version}", page.Find("[data-testid=release-outline]").TextContent.Replace("\n", "", StringComparison.Ordinal),
            StringComparison.Ordinal);
        Assert.Equal("Superseded", page.Find("[data-testid=release-status]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=release-rollback]"));
        Assert.Empty(page.FindAll("[data-testid=release-withdraw]"));
        Assert.Contains(earlier.ManifestDigest, page.Find("[data-testid=release-digest]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleasePage_Operator_RollsBackToASupersededRelease_TheNewOneIsTheLatest()
    {
        var (earlier, latest) = await TwoReleasesAsync();

        SignIn("operator", Roles.Operator);
        var page = Render<FirmwareReleasePage>(p => p.Add(c => c.Id, earlier.Id));
        page.WaitForAssertion(() => page.Find("[data-testid=release-rollback]"), Timeout);
        page.Find("[data-testid=release-rollback]").Click();

        var catalog = _app.GetRequiredService<FirmwareCatalogQueries>();
        await DeviceTrust.Testing.Wait.UntilAsync(async () => (await catalog.ListAsync(earlier.DeviceClassId, Ct)).Any(r => r.Version == $"{earlier.Version}-rollback"),
            "the rollback release is published");
        var all = await catalog.ListAsync(earlier.DeviceClassId, Ct);
        var rollback = Assert.Single(all, r => r.Version == $"{earlier.Version}-rollback");
        Assert.Equal((latest.SequenceNumber + 1, true, earlier.Images.Single().Digest), (rollback.SequenceNumber, rollback.IsLatest, rollback.Images.Single().Digest));
    }
}
