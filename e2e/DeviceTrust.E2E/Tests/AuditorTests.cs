using DeviceTrust.E2E.Infrastructure;
using DeviceTrust.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Tests;

public sealed class AuditorTests(AppFixture app) : BrowserTest(app)
{
    private const string Device = "KUMO-M7-00002";

    [Fact]
    public async Task Auditor_SeesNoOperatorControls_AndIsDeniedUsers()
    {
        var fleet = await SignInAsync(DevUsers.Auditor);
        await Expect(fleet.CurrentUser).ToContainTextAsync("auditor · Auditor");
        await Expect(fleet.NavUsers).ToHaveCountAsync(0);

        var devices = await fleet.GoToDevicesAsync();
        await Expect(devices.RegisterButton).ToHaveCountAsync(0);
        await ScreenshotAsync("devices");

        await devices.Devices.SearchAsync(Device);
        var device = await devices.Devices.OpenAsync(Device);
        await Expect(device.ChangeStateButton).ToHaveCountAsync(0);
        await ScreenshotAsync("device-detail");

        await Page.GotoAsync("/users");
        var denied = new AccessDeniedPage(Page);
        await denied.WaitUntilLoadedAsync();
        await Expect(Page.GetByTestId("user-table")).ToHaveCountAsync(0);
        await ScreenshotAsync("users-denied");
    }

    [Fact]
    public async Task Auditor_PostsOperatorActionsToApi_Gets403AndNothingChanges()
    {
        await SignInAsync(DevUsers.Auditor);
        var api = new DevicesApi(Page.APIRequest);
        var device = await api.GetBySerialAsync(Device);
        Assert.Equal("Operational", device.State);

        var changeState = await api.ChangeStateAsync(device.Id, "Quarantined", "e2e: an auditor must not be able to do this");
        var register = await api.RegisterAsync($"E2E-AUDITOR-{Guid.NewGuid():N}"[..24], "Acme Thermo T1", "Acme Sensors");

        Assert.Equal(403, changeState.Status);
        Assert.Equal(403, register.Status);
        Assert.Equal("Operational", (await api.GetAsync(device.Id)).State);
        var detail = await DeviceDetailPage.OpenAsync(Page, device.Id, Device);
        await Expect(detail.State).ToHaveAttributeAsync("data-state", "Operational");
        // Only the device's own bootstrap changed its state, never a user.
        await Expect(detail.TimelineEntries.Filter(new() { HasText = "device.state-changed" }).Filter(new() { HasText = "by user:" })).ToHaveCountAsync(0);
        await ScreenshotAsync("device-detail");
    }
}
