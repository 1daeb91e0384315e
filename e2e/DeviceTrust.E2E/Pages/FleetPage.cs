using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>/ : the fleet overview, with counts, charts and the device table.</summary>
public sealed partial class FleetPage(IPage page) : AppPage(page)
{
    public ILocator TotalCount => Page.GetByTestId("stat-total-value");
    public ILocator OnlineCount => Page.GetByTestId("stat-online-value");
    public ILocator OfflineCount => Page.GetByTestId("stat-offline-value");
    public ILocator QuarantinedCount => Page.GetByTestId("stat-quarantined-value");
    public ILocator StateChart => Page.GetByTestId("chart-state");
    public ILocator ClassChart => Page.GetByTestId("chart-class");
    public ILocator FirmwareChart => Page.GetByTestId("chart-firmware");
    public DeviceTable Devices { get; } = new(page);

    public override async Task WaitUntilLoadedAsync()
    {
        await Expect(Page).ToHaveURLAsync(RootPath());
        await Expect(PageTitle).ToHaveTextAsync("Fleet overview");
        await WaitForInteractivityAsync();
        await Expect(TotalCount).ToBeVisibleAsync();
        await Devices.WaitForRowsAsync();
    }

    [GeneratedRegex(@"^https?://[^/]+/$")]
    private static partial Regex RootPath();
}
