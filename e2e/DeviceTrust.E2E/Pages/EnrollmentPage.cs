using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>/enrollment: pledges awaiting approval, recent bootstraps, certificates and the MASA log.</summary>
public sealed partial class EnrollmentPage(IPage page) : AppPage(page)
{
    public ILocator PendingRow(string serial) => Page.GetByTestId("pending-table").Locator("tbody tr", new() { HasText = serial });

    public ILocator RecentStatus(string serial) =>
        Page.GetByTestId("recent-table").Locator("tbody tr", new() { HasText = serial }).GetByTestId("recent-status");

    public override async Task WaitUntilLoadedAsync()
    {
        await Expect(Page).ToHaveURLAsync(EnrollmentPath());
        await Expect(PageTitle).ToHaveTextAsync("Enrollment");
        await WaitForInteractivityAsync();
        await Expect(Page.GetByTestId("pending-pledges")).ToBeVisibleAsync();
    }

    /// <summary>Approves the pledge of <paramref name="serial"/> from the queue, giving <paramref name="reason"/>.</summary>
    public async Task ApproveAsync(string serial, string reason)
    {
        await PendingRow(serial).GetByTestId("pledge-approve").ClickAsync();
        await Page.GetByTestId("reason-text").FillAsync(reason);
        await Page.GetByTestId("reason-confirm").ClickAsync();
        await Expect(PendingRow(serial)).ToHaveCountAsync(0);
    }

    [GeneratedRegex(@"/enrollment$")]
    private static partial Regex EnrollmentPath();
}
