using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>What every signed-in page shares: the app bar, the navigation and the wait for interactivity.</summary>
public abstract class AppPage(IPage page)
{
    // Blazor replaces each prerendered component's <!--Blazor:{...}--> marker when the circuit takes the component over.
    // Until then the page is prerendered HTML and a click on it goes nowhere.
    private const string NoPrerenderedComponentsLeft = """
        () => {
            const comments = document.createTreeWalker(document, NodeFilter.SHOW_COMMENT);
            while (comments.nextNode()) if (comments.currentNode.data.startsWith('Blazor:')) return false;
            return true;
        }
        """;

    protected IPage Page { get; } = page;

    public ILocator CurrentUser => Page.GetByTestId("current-user");
    public ILocator NavUsers => Page.GetByTestId("nav-users");
    public ILocator PageTitle => Page.GetByTestId("page-title");

    /// <summary>The notice shown to a signed-in user whose role does not allow a page.</summary>
    public ILocator AccessDenied => Page.GetByTestId("access-denied");

    /// <summary>Waits until the page is on screen and its components are live.</summary>
    public abstract Task WaitUntilLoadedAsync();

    protected async Task WaitForInteractivityAsync()
    {
        await Page.WaitForFunctionAsync(NoPrerenderedComponentsLeft);
        await Expect(CurrentUser).ToBeVisibleAsync();
    }

    public async Task<FleetPage> GoToFleetAsync() => await NavigateAsync("nav-fleet", new FleetPage(Page));

    public async Task<DevicesPage> GoToDevicesAsync() => await NavigateAsync("nav-devices", new DevicesPage(Page));

    public async Task<AuditPage> GoToAuditAsync() => await NavigateAsync("nav-audit", new AuditPage(Page));

    public async Task<ProfilePage> GoToProfileAsync() => await NavigateAsync("nav-profile", new ProfilePage(Page));

    public async Task<UsersPage> GoToUsersAsync() => await NavigateAsync("nav-users", new UsersPage(Page));

    public async Task<TrustAnchorsPage> GoToTrustAnchorsAsync() => await NavigateAsync("nav-trust-anchors", new TrustAnchorsPage(Page));

    public async Task<EnrollmentPage> GoToEnrollmentAsync() => await NavigateAsync("nav-enrollment", new EnrollmentPage(Page));

    public async Task<TpasPage> GoToTpasAsync() => await NavigateAsync("nav-tpas", new TpasPage(Page));

    private async Task<T> NavigateAsync<T>(string navTestId, T target) where T : AppPage
    {
        await Page.GetByTestId(navTestId).ClickAsync();
        await target.WaitUntilLoadedAsync();
        return target;
    }
}
