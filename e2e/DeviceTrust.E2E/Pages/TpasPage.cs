using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>/tpas: Trusted Provisioning Authorities and their grants.</summary>
public sealed partial class TpasPage(IPage page) : AppPage(page)
{
    public ILocator Card(string name) => Page.Locator($"[data-testid=tpa-card][data-tpa='{name}']");

    public override async Task WaitUntilLoadedAsync()
    {
        await Expect(Page).ToHaveURLAsync(TpasPath());
        await Expect(PageTitle).ToHaveTextAsync("Trusted Provisioning Authorities");
        await WaitForInteractivityAsync();
    }

    public async Task CreateAsync(string name)
    {
        await Page.GetByTestId("tpa-name").FillAsync(name);
        await Page.GetByTestId("tpa-name").PressAsync("Tab");
        await Page.GetByTestId("tpa-create").ClickAsync();
        await Expect(Card(name)).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"/tpas$")]
    private static partial Regex TpasPath();
}
