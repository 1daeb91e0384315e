using System.Security.Cryptography;
using DeviceTrust.E2E.Infrastructure;
using DeviceTrust.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Tests;

/// <summary>The firmware catalog as an operator and an auditor use it: publish an image, read its signed manifest, compare two releases.</summary>
public sealed class FirmwareCatalogTests(AppFixture app) : BrowserTest(app)
{
    [Fact]
    public async Task Operator_PublishesAnImage_ReadsTheSignedManifest_AndComparesItWithThePreviousRelease()
    {
        await SignInAsync(DevUsers.Operator);
        var catalog = await FirmwareCatalogPage.OpenAsync(Page);
        // The simulated fleet's own releases are there from the start.
        var meters = Page.Locator("[data-testid='firmware-row'][data-class='Kumo Meter M7']");
        await Expect(meters.First).ToBeVisibleAsync();
        var image = RandomNumberGenerator.GetBytes(3000);
        var version = $"4.{RandomNumberGenerator.GetInt32(100, 999)}.0";

        var release = await catalog.PublishImageAsync("Kumo Meter M7", version, image, "e2e: fixes the meter's clock drift");

        await Expect(release.Signer).ToContainTextAsync("DeviceTrust firmware catalog");
        await Expect(release.Status).ToHaveTextAsync("Latest");
        await Expect(release.ImageDigest).ToContainTextAsync(Convert.ToHexStringLower(SHA256.HashData(image)));
        await Expect(release.Outline).ToContainTextAsync("condition-class-identifier");
        await Expect(release.Outline).ToContainTextAsync($"component-version: {version}");
        await ScreenshotAsync("firmware-release");

        catalog = await FirmwareCatalogPage.OpenAsync(Page);
        await Expect(catalog.Row("Kumo Meter M7", version)).ToBeVisibleAsync();
        // The previous release first, then the new one (the table lists a class's newest first).
        await meters.Nth(1).GetByTestId("firmware-select").ClickAsync();
        await meters.Nth(0).GetByTestId("firmware-select").ClickAsync();
        await ScreenshotAsync("firmware-catalog");
        await catalog.Compare.ClickAsync();
        await Expect(Page.Locator("[data-testid='compare-line'][data-kind='Added']").Filter(new() { HasText = $"component-version: {version}" })).ToHaveCountAsync(1);
        await Expect(Page.Locator("[data-testid='compare-line'][data-kind='Removed']").First).ToBeVisibleAsync();
        await ScreenshotAsync("firmware-compare");
    }

    [Fact]
    public async Task Auditor_ReadsTheCatalog_ButMayNotPublish()
    {
        await SignInAsync(DevUsers.Auditor);
        var catalog = await FirmwareCatalogPage.OpenAsync(Page);
        await Expect(catalog.Rows.First).ToBeVisibleAsync();
        await Expect(catalog.PublishImageButton).ToHaveCountAsync(0);
        var refused = await Page.APIRequest.PostAsync("/api/v1/firmware/releases/images", new() { Multipart = Page.APIRequest.CreateFormData() });
        Assert.Equal(403, refused.Status);
    }
}
