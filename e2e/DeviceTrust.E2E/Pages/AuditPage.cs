using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>/audit: the hash-chained audit log, its verification and search.</summary>
public sealed partial class AuditPage(IPage page) : AppPage(page)
{
    public ILocator Verify => Page.GetByTestId("audit-verify");
    public ILocator VerifyResult => Page.GetByTestId("audit-verify-result");
    public ILocator Export => Page.GetByTestId("audit-export");
    public ILocator Search => Page.GetByTestId("audit-search");
    public ILocator Actions => Page.GetByTestId("audit-action");
    public ILocator Rows => Page.Locator("tbody tr").Filter(new() { Has = Page.GetByTestId("audit-action") });

    public override async Task WaitUntilLoadedAsync()
    {
        await Expect(Page).ToHaveURLAsync(AuditPath());
        await Expect(PageTitle).ToHaveTextAsync("Audit log");
        await WaitForInteractivityAsync();
        await Expect(Actions.First).ToBeVisibleAsync();
    }

    public async Task VerifyChainAsync()
    {
        await Verify.ClickAsync();
        await Expect(VerifyResult).ToBeVisibleAsync();
    }

    public async Task SearchAsync(string text)
    {
        await Search.FillAsync(text);
        await Expect(Actions.Filter(new() { HasNotText = text })).ToHaveCountAsync(0);
        await Expect(Actions.First).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"/audit$")]
    private static partial Regex AuditPath();
}
