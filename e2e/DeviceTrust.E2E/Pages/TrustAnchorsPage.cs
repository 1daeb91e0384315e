using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>/trust-anchors: every key the system trusts; security officers add and retire them.</summary>
public sealed partial class TrustAnchorsPage(IPage page) : AppPage(page)
{
    public ILocator Add => Page.GetByTestId("anchor-add");
    public ILocator Names => Page.GetByTestId("anchor-name");
    public ILocator Retire => Page.GetByTestId("anchor-retire");

    public ILocator Row(string name) => Page.Locator("tr").Filter(new() { Has = Page.GetByTestId("anchor-name").GetByText(name, new() { Exact = true }) });

    public override async Task WaitUntilLoadedAsync()
    {
        await Expect(Page).ToHaveURLAsync(TrustAnchorsPath());
        await Expect(PageTitle).ToHaveTextAsync("Trust anchors");
        await WaitForInteractivityAsync();
    }

    /// <summary>Adds an anchor through the dialog by pasting its PEM.</summary>
    public async Task AddAsync(string name, string purpose, string owner, string pem)
    {
        await Add.ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("anchor-name-input").FillAsync(name);
        await MudSelect.ChooseAsync(Page, dialog.GetByTestId("anchor-purpose"), purpose);
        await MudSelect.ChooseAsync(Page, dialog.GetByTestId("anchor-owner"), owner);
        await dialog.GetByTestId("anchor-material").FillAsync(pem);
        await dialog.GetByTestId("anchor-submit").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
    }

    [GeneratedRegex(@"/trust-anchors$")]
    private static partial Regex TrustAnchorsPath();
}
