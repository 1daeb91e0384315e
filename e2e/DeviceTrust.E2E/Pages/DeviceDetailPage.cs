using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>/devices/{id}: state, connection, identity, live telemetry, firmware and the device's audit timeline.</summary>
public sealed class DeviceDetailPage(IPage page, string serial) : AppPage(page)
{
    public string Serial { get; } = serial;

    public ILocator Title => Page.GetByTestId("device-title");
    public ILocator State => Page.GetByTestId("device-detail-state");
    public ILocator Online => Page.GetByTestId("device-detail-online");
    public ILocator ChangeStateButton => Page.GetByTestId("change-state");
    public ILocator Identity => Page.GetByTestId("device-identity");
    public ILocator Manufacturer => Page.GetByTestId("device-manufacturer");
    public ILocator DeviceClass => Page.GetByTestId("device-class");
    public ILocator Telemetry => Page.GetByTestId("device-telemetry");
    public ILocator Uptime => Page.GetByTestId("telemetry-uptime-value");
    public ILocator Temperature => Page.GetByTestId("telemetry-temperature-value");
    public ILocator Battery => Page.GetByTestId("telemetry-battery-value");
    public ILocator Signal => Page.GetByTestId("telemetry-signal-value");
    public ILocator MeasuredAt => Page.GetByTestId("telemetry-measured-at");
    public ILocator FirmwareComponents => Page.GetByTestId("device-firmware").GetByTestId("firmware-component");
    public ILocator TimelineEntries => Page.GetByTestId("device-timeline").GetByTestId("timeline-entry");
    public ILocator AttestNowButton => Page.GetByTestId("attest-now");
    public ILocator ReleaseButton => Page.GetByTestId("device-release");
    public ILocator AttestationVerdict => Page.GetByTestId("device-attestation").GetByTestId("attestation-verdict");
    public ILocator AttestationConcerns => Page.GetByTestId("device-attestation").GetByTestId("attestation-concern");

    /// <summary>The link to the latest verdict; its address names that appraisal, so a new verdict changes it.</summary>
    public ILocator AttestationWhy => Page.GetByTestId("device-attestation").GetByTestId("attestation-why");

    public async Task<AppraisalPage> OpenLatestVerdictAsync()
    {
        await AttestationWhy.ClickAsync();
        var verdict = new AppraisalPage(Page, Serial);
        await verdict.WaitUntilLoadedAsync();
        return verdict;
    }

    /// <summary>Releases the quarantined device through the reason dialog.</summary>
    public async Task ReleaseAsync(string reason)
    {
        await ReleaseButton.ClickAsync();
        await Page.GetByTestId("reason-text").FillAsync(reason);
        await Page.GetByTestId("reason-confirm").ClickAsync();
        await Expect(Page.GetByTestId("reason-text")).ToBeHiddenAsync();
    }

    public static async Task<DeviceDetailPage> OpenAsync(IPage page, Guid id, string serial)
    {
        await page.GotoAsync($"/devices/{id}");
        var detail = new DeviceDetailPage(page, serial);
        await detail.WaitUntilLoadedAsync();
        return detail;
    }

    public override async Task WaitUntilLoadedAsync()
    {
        await Expect(Title).ToHaveTextAsync(Serial);
        await WaitForInteractivityAsync();
        await Expect(State).ToBeVisibleAsync();
    }

    public async Task<ChangeStateDialog> OpenChangeStateDialogAsync()
    {
        await ChangeStateButton.ClickAsync();
        var dialog = new ChangeStateDialog(Page);
        await Expect(dialog.Target).ToBeVisibleAsync();
        return dialog;
    }
}
