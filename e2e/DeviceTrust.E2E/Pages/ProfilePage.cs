using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>/profile: who you are, and your personal API tokens.</summary>
public sealed partial class ProfilePage(IPage page) : AppPage(page)
{
    public ILocator TokenName => Page.GetByTestId("token-name");
    public ILocator Create => Page.GetByTestId("token-create");
    public ILocator TokenValue => Page.GetByTestId("token-value");
    public ILocator TokenRows => Page.GetByTestId("token-row");

    public ILocator TokenRow(string name) => TokenRows.Filter(new() { Has = Page.GetByRole(AriaRole.Cell, new() { Name = name, Exact = true }) });

    public override async Task WaitUntilLoadedAsync()
    {
        await Expect(Page).ToHaveURLAsync(ProfilePath());
        await Expect(PageTitle).ToHaveTextAsync("Profile & API tokens");
        await WaitForInteractivityAsync();
        await Expect(TokenName).ToBeVisibleAsync();
    }

    /// <summary>Creates a token and returns the secret value shown once.</summary>
    public async Task<string> CreateTokenAsync(string name)
    {
        await TokenName.FillAsync(name);
        // The field binds on change, not on input: the button enables only once focus leaves it.
        await TokenName.PressAsync("Tab");
        await Expect(Create).ToBeEnabledAsync();
        await Create.ClickAsync();
        await Expect(TokenValue).ToHaveTextAsync(TokenFormat());
        await Expect(TokenRow(name)).ToBeVisibleAsync();
        return (await TokenValue.TextContentAsync())!.Trim();
    }

    public async Task RevokeTokenAsync(string name)
    {
        await TokenRow(name).GetByTestId("token-revoke").ClickAsync();
        var confirm = Page.GetByRole(AriaRole.Dialog);
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        await Expect(confirm).ToBeHiddenAsync();
        await Expect(TokenRow(name)).ToContainTextAsync("revoked");
    }

    [GeneratedRegex(@"/profile$")]
    private static partial Regex ProfilePath();

    [GeneratedRegex(@"^\s*dt_\S{20,}\s*$")]
    private static partial Regex TokenFormat();
}
