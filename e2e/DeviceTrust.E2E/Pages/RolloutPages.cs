using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>/rollouts/new: the wizard (release and group, waves, preview).</summary>
public sealed class CreateRolloutPage(IPage page) : AppPage(page)
{
    public ILocator Next => Page.GetByTestId("wizard-next");
    public ILocator Create => Page.GetByTestId("wizard-create");
    public ILocator Waves => Page.GetByTestId("wizard-wave");
    public ILocator PreviewEligible => Page.GetByTestId("preview-eligible");
    public ILocator PreviewWaves => Page.GetByTestId("preview-wave");

    public static async Task<CreateRolloutPage> OpenAsync(IPage page)
    {
        await page.GotoAsync("/rollouts/new");
        var wizard = new CreateRolloutPage(page);
        await wizard.WaitUntilLoadedAsync();
        return wizard;
    }

    public override async Task WaitUntilLoadedAsync()
    {
        await WaitForInteractivityAsync();
        await Expect(Page.GetByTestId("wizard-release")).ToBeVisibleAsync();
    }

    public async Task ChooseAsync(string release, string group, string name)
    {
        await MudSelect.ChooseAsync(Page, Page.GetByTestId("wizard-release"), release);
        await MudSelect.ChooseAsync(Page, Page.GetByTestId("wizard-group"), group);
        await Page.GetByTestId("wizard-name").FillAsync(name);
    }

    /// <summary>Sets wave <paramref name="index"/>: its size in devices (not the last wave's), thresholds, and that it advances by itself.</summary>
    public async Task SetWaveAsync(int index, int? devices, int success, int error)
    {
        var wave = Waves.Nth(index);
        if (devices is { } count)
        {
            var percent = wave.GetByTestId("wave-percent");
            if (await percent.IsCheckedAsync()) await percent.ClickAsync();
            await Fill(wave.GetByTestId("wave-size"), count);
        }
        await Fill(wave.GetByTestId("wave-success"), success);
        await Fill(wave.GetByTestId("wave-error"), error);
        var auto = wave.GetByTestId("wave-auto");
        if (!await auto.IsCheckedAsync()) await auto.ClickAsync();
    }

    public async Task<RolloutPage> CreateAsync()
    {
        await Create.ClickAsync();
        var rollout = new RolloutPage(Page);
        await rollout.WaitUntilLoadedAsync();
        return rollout;
    }

    private static async Task Fill(ILocator field, int value)
    {
        await field.FillAsync(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await field.BlurAsync();
    }
}

/// <summary>/rollouts/{id}: the live view (status and actions, waves, devices, timeline).</summary>
public sealed class RolloutPage(IPage page) : AppPage(page)
{
    public ILocator Status => Page.GetByTestId("rollout-status");
    public ILocator StatusReason => Page.GetByTestId("rollout-status-reason");
    public ILocator Approve => Page.GetByTestId("rollout-approve");
    public ILocator Start => Page.GetByTestId("rollout-start");
    public ILocator Resume => Page.GetByTestId("rollout-resume");
    public ILocator Timeline => Page.GetByTestId("timeline-entry");

    public ILocator Wave(int index) => Page.Locator($"[data-testid='wave-row'][data-index='{index}']");

    public ILocator DeviceStatus(string serial) => Page.Locator($"[data-testid='rollout-device-row'][data-serial='{serial}']");

    public static async Task<RolloutPage> OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        var rollout = new RolloutPage(page);
        await rollout.WaitUntilLoadedAsync();
        return rollout;
    }

    /// <summary>Waits for the live page: its data loaded by the circuit, not the prerendered copy, whose buttons go away
    /// while the live one loads.</summary>
    public override async Task WaitUntilLoadedAsync()
    {
        await WaitForInteractivityAsync();
        await Expect(Status).ToHaveAttributeAsync("data-interactive", "true");
    }

    public async Task ExcludeAsync(string serial, string reason)
    {
        await Page.Locator($"[data-testid='device-exclude'][data-serial='{serial}']").ClickAsync();
        await Page.GetByTestId("reason-text").FillAsync(reason);
        await Page.GetByTestId("reason-confirm").ClickAsync();
        await Expect(Page.GetByTestId("reason-text")).ToBeHiddenAsync();
    }
}
