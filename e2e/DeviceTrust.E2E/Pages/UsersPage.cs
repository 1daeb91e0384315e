using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>/users (security officers only): the accounts and their roles.</summary>
public sealed partial class UsersPage(IPage page) : AppPage(page)
{
    public ILocator Table => Page.GetByTestId("user-table");

    public ILocator Row(string userName) => Page.Locator($"[data-testid=user-row][data-user='{userName}']");

    public ILocator Role(string userName) => Row(userName).GetByTestId("user-role");

    public override async Task WaitUntilLoadedAsync()
    {
        await Expect(Page).ToHaveURLAsync(UsersPath());
        await Expect(PageTitle).ToHaveTextAsync("Users");
        await WaitForInteractivityAsync();
        await Expect(Table).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"/users$")]
    private static partial Regex UsersPath();
}
