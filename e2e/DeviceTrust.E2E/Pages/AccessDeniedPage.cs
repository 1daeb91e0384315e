using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>What a signed-in user sees on a page their role does not allow (/access-denied or the in-app notice).</summary>
public sealed class AccessDeniedPage(IPage page) : AppPage(page)
{
    public override async Task WaitUntilLoadedAsync()
    {
        await Expect(AccessDenied.First).ToBeVisibleAsync();
        await WaitForInteractivityAsync();
    }
}
