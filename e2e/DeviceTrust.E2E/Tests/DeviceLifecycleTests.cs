using DeviceTrust.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Tests;

public sealed class DeviceLifecycleTests(AppFixture app) : BrowserTest(app)
{
    [Fact]
    public async Task Operator_QuarantinesDevice_StateTimelineAndFleetCountFollow()
    {
        const string serial = "ACME-T1-OSK-00002";
        var fleet = await SignInAsync(DevUsers.Operator);
        var quarantinedBefore = int.Parse((await fleet.QuarantinedCount.TextContentAsync())!.Trim());
        await fleet.Devices.SearchAsync(serial);
        var device = await fleet.Devices.OpenAsync(serial);
        await Expect(device.State).ToHaveAttributeAsync("data-state", "Operational");

        var dialog = await device.OpenChangeStateDialogAsync();
        await dialog.FillAsync("Quarantined", "e2e: attestation evidence did not match the reference values");
        await ScreenshotAsync("device-detail-change-state");
        await dialog.SubmitAsync();

        await Expect(device.State).ToHaveAttributeAsync("data-state", "Quarantined");
        await Expect(device.TimelineEntries.Filter(new() { HasText = "device.state-changed" })).ToHaveCountAsync(1);
        await Expect(device.TimelineEntries.Filter(new() { HasText = "device.state-changed" })).ToContainTextAsync("by user:operator");
        await ScreenshotAsync("device-detail");

        fleet = await device.GoToFleetAsync();
        await Expect(fleet.QuarantinedCount).ToHaveTextAsync((quarantinedBefore + 1).ToString());
        await Expect(fleet.Devices.Row(serial).GetByTestId("device-state")).ToHaveAttributeAsync("data-state", "Quarantined");
        await ScreenshotAsync("fleet-after-change");
    }

    [Fact]
    public async Task Operator_RegistersDevice_SecretShownOnceAndDeviceFound()
    {
        var serial = $"E2E-REG-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
        var fleet = await SignInAsync(DevUsers.Operator);
        var devices = await fleet.GoToDevicesAsync();
        await ScreenshotAsync("devices");

        var dialog = await devices.OpenRegisterDialogAsync();
        await dialog.FillAsync(serial, "Acme Thermo T1");
        await ScreenshotAsync("devices-register-dialog");
        var secret = await dialog.SubmitAsync();
        App.CountRegisteredDevice();
        Assert.True(secret.Length >= 16, $"The secret '{secret}' is too short to be one.");
        await ScreenshotAsync("devices-register-secret");
        await dialog.CloseAsync();

        // Shown once: gone from the page, and not in what the API returns for the device.
        await Expect(Page.GetByText(secret)).ToHaveCountAsync(0);
        await devices.Devices.SearchAsync(serial);
        var registered = await new DevicesApi(Page.APIRequest).GetBySerialAsync(serial);
        var body = await (await Page.APIRequest.GetAsync($"/api/v1/devices/{registered.Id}")).TextAsync();
        Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        await ScreenshotAsync("devices-search");
    }
}
