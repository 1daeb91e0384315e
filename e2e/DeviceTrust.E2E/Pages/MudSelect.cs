using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>MudSelect is a combobox with a popover list, not a native &lt;select&gt;.</summary>
public static class MudSelect
{
    /// <param name="select">The element carrying the select's data-testid (its combobox).</param>
    /// <param name="option">The start of the option's text.</param>
    public static async Task ChooseAsync(IPage page, ILocator select, string option)
    {
        await select.ClickAsync();
        var item = page.Locator(".mud-popover-open").GetByRole(AriaRole.Option).Filter(new() { HasText = option }).First;
        await item.ClickAsync();
        await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await Expect(select).ToContainTextAsync(option);
    }
}
