using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>/account/login: a static server-rendered form (it sets the sign-in cookie).</summary>
public sealed class LoginPage(IPage page)
{
    public const string Path = "/account/login";

    public ILocator UserName => page.GetByTestId("login-username");
    public ILocator Password => page.GetByTestId("login-password");
    public ILocator Submit => page.GetByTestId("login-submit");
    public ILocator Error => page.GetByTestId("login-error");

    public static async Task<LoginPage> OpenAsync(IPage page)
    {
        await page.GotoAsync(Path);
        var login = new LoginPage(page);
        await login.WaitUntilLoadedAsync();
        return login;
    }

    public Task WaitUntilLoadedAsync() => Expect(Submit).ToBeVisibleAsync();

    public async Task SignInAsync(string userName, string password)
    {
        await UserName.FillAsync(userName);
        await Password.FillAsync(password);
        await Submit.ClickAsync();
    }
}
