using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>The device page's "Change state" dialog: a target state and a reason for the audit log.</summary>
public sealed class ChangeStateDialog(IPage page)
{
    public ILocator Root => page.GetByRole(AriaRole.Dialog);
    public ILocator Target => Root.GetByTestId("change-state-target");
    public ILocator Reason => Root.GetByTestId("change-state-reason");
    public ILocator Submit => Root.GetByTestId("change-state-submit");
    public ILocator Error => Root.GetByTestId("change-state-error");

    public async Task FillAsync(string targetState, string reason)
    {
        await MudSelect.ChooseAsync(page, Target, targetState);
        await Reason.FillAsync(reason);
        // The field binds on change, not on input: the button enables only once focus leaves it.
        await Reason.PressAsync("Tab");
        await Expect(Submit).ToBeEnabledAsync();
    }

    public async Task SubmitAsync()
    {
        await Submit.ClickAsync();
        await Expect(Root).ToBeHiddenAsync();
    }
}
