using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>The device table shared by the fleet overview and /devices: search, filters and rows that open a device.</summary>
public sealed class DeviceTable(IPage page)
{
    public ILocator Root => page.GetByTestId("device-table");
    public ILocator Search => Root.GetByTestId("device-search");
    public ILocator Count => Root.GetByTestId("device-count");
    public ILocator Serials => Root.GetByTestId("device-serial");
    public ILocator Rows => Root.Locator("tbody tr").Filter(new() { Has = page.GetByTestId("device-serial") });

    public ILocator Row(string serial) => Rows.Filter(new() { Has = page.GetByTestId("device-serial").And(page.GetByText(serial, new() { Exact = true })) });

    /// <summary>Rows are loaded by the live grid after the first interactive render, so a visible row means data arrived.</summary>
    public Task WaitForRowsAsync() => Expect(Serials.First).ToBeVisibleAsync();

    public async Task SearchAsync(string text)
    {
        await Search.FillAsync(text);
        await Expect(Count).ToHaveTextAsync("1 devices");
        await Expect(Row(text)).ToBeVisibleAsync();
    }

    public async Task<DeviceDetailPage> OpenAsync(string serial)
    {
        await Row(serial).ClickAsync();
        var detail = new DeviceDetailPage(page, serial);
        await detail.WaitUntilLoadedAsync();
        return detail;
    }
}
