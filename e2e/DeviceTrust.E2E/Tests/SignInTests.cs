using System.Text.RegularExpressions;
using DeviceTrust.E2E.Infrastructure;
using DeviceTrust.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Tests;

public sealed partial class SignInTests(AppFixture app) : BrowserTest(app)
{
    [Fact]
    public async Task Operator_SignsIn_LandsOnFleetOverviewWithSeededDevices()
    {
        var fleet = await SignInAsync(DevUsers.Operator);

        await Expect(fleet.CurrentUser).ToContainTextAsync("operator · Operator");
        await Expect(fleet.TotalCount).ToHaveTextAsync(App.ExpectedDeviceCount.ToString());
        await Expect(fleet.Devices.Count).ToHaveTextAsync($"{App.ExpectedDeviceCount} devices");
        await Expect(fleet.Devices.Serials.Filter(new() { HasText = "ACME-T1-TKY-0000" })).ToHaveCountAsync(3);
        await Expect(fleet.Devices.Row("ACME-T1-TKY-00001").GetByTestId("device-state")).ToHaveAttributeAsync("data-state", "Operational");
        await Expect(fleet.StateChart.Locator("svg").First).ToBeVisibleAsync();
        await Expect(fleet.ClassChart.Locator("svg").First).ToBeVisibleAsync();
        await Expect(fleet.FirmwareChart.Locator("svg").First).ToBeVisibleAsync();
        // The hosted simulator connects every in-service device.
        await Expect(fleet.OnlineCount).Not.ToHaveTextAsync("0");
        await ScreenshotAsync("fleet");
    }

    [Fact]
    public async Task Anonymous_OpensFleetOverview_IsRedirectedToSignIn()
    {
        await Page.GotoAsync("/");

        await Expect(Page).ToHaveURLAsync(LoginWithReturnToRoot());
        await new LoginPage(Page).WaitUntilLoadedAsync();
        await ScreenshotAsync("login");
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsErrorAndStaysOnSignIn()
    {
        var login = await LoginPage.OpenAsync(Page);

        await login.SignInAsync(DevUsers.Auditor, "not-the-password");

        await Expect(login.Error).ToHaveTextAsync("The user name or password is wrong.");
        await Expect(Page).ToHaveURLAsync(LoginPath());
        await Expect(Page.GetByTestId("current-user")).ToHaveCountAsync(0);
        await ScreenshotAsync("login-error");
    }

    [GeneratedRegex(@"/account/login\?ReturnUrl=%2F$", RegexOptions.IgnoreCase)]
    private static partial Regex LoginWithReturnToRoot();

    [GeneratedRegex(@"/account/login\?")]
    private static partial Regex LoginPath();
}
