using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>/firmware: the catalog's releases, the publish dialogs and the compare selection.</summary>
public sealed class FirmwareCatalogPage(IPage page) : AppPage(page)
{
    public ILocator Rows => Page.GetByTestId("firmware-row");
    public ILocator PublishImageButton => Page.GetByTestId("firmware-publish-image");
    public ILocator Compare => Page.GetByTestId("firmware-compare");

    public ILocator Row(string deviceClass, string version) => Page.Locator($"[data-testid='firmware-row'][data-class='{deviceClass}'][data-version='{version}']");

    public static async Task<FirmwareCatalogPage> OpenAsync(IPage page)
    {
        await page.GotoAsync("/firmware");
        var catalog = new FirmwareCatalogPage(page);
        await catalog.WaitUntilLoadedAsync();
        return catalog;
    }

    public override async Task WaitUntilLoadedAsync()
    {
        await WaitForInteractivityAsync();
        // The live table, not the prerendered copy the circuit replaces once it has loaded the releases again.
        await Expect(Page.GetByTestId("firmware-table")).ToHaveAttributeAsync("data-interactive", "true");
    }

    /// <summary>Publishes an image through the dialog; the catalog opens the new release's page.</summary>
    public async Task<FirmwareReleasePage> PublishImageAsync(string deviceClass, string version, byte[] image, string description)
    {
        await PublishImageButton.ClickAsync();
        await MudSelect.ChooseAsync(Page, Page.GetByTestId("firmware-class"), deviceClass);
        await Page.GetByTestId("firmware-version-input").FillAsync(version);
        await Page.GetByTestId("firmware-description").FillAsync(description);
        await Page.GetByTestId("firmware-image-file").Last.SetInputFilesAsync(new FilePayload { Name = "firmware.bin", MimeType = "application/octet-stream", Buffer = image });
        await Expect(Page.GetByTestId("firmware-image-name")).ToContainTextAsync("firmware.bin");
        await Page.GetByTestId("firmware-publish-submit").ClickAsync();
        var release = new FirmwareReleasePage(Page);
        await Expect(release.Sequence).ToBeVisibleAsync();
        return release;
    }
}

/// <summary>/firmware/{id}: one release, its images and its manifest.</summary>
public sealed class FirmwareReleasePage(IPage page) : AppPage(page)
{
    public ILocator Sequence => Page.GetByTestId("release-sequence");
    public ILocator Signer => Page.GetByTestId("release-signer");
    public ILocator Status => Page.GetByTestId("release-status");
    public ILocator Outline => Page.GetByTestId("release-outline");
    public ILocator ImageDigest => Page.GetByTestId("release-image-digest");

    public override async Task WaitUntilLoadedAsync()
    {
        await WaitForInteractivityAsync();
        await Expect(Sequence).ToBeVisibleAsync();
    }
}
