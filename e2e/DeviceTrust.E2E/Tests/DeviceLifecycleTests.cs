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
        // The device's own bootstrap left a state change by the device; this one is the operator's.
        await Expect(device.TimelineEntries.Filter(new() { HasText = "device.state-changed" }).Filter(new() { HasText = "by user:operator" }))
            .ToHaveCountAsync(1);
        await ScreenshotAsync("device-detail");

        fleet = await device.GoToFleetAsync();
        await Expect(fleet.QuarantinedCount).ToHaveTextAsync((quarantinedBefore + 1).ToString());
        await Expect(fleet.Devices.Row(serial).GetByTestId("device-state")).ToHaveAttributeAsync("data-state", "Quarantined");
        await ScreenshotAsync("fleet-after-change");
    }

    [Fact]
    public async Task Operator_RegistersDevice_ItWaitsManufacturedForBootstrapAndIsFound()
    {
        var serial = $"E2E-REG-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
        var fleet = await SignInAsync(DevUsers.Operator);
        var devices = await fleet.GoToDevicesAsync();
        await ScreenshotAsync("devices");

        var dialog = await devices.OpenRegisterDialogAsync();
        await dialog.FillAsync(serial, "Acme Thermo T1");
        await ScreenshotAsync("devices-register-dialog");
        await dialog.SubmitAsync();
        App.CountRegisteredDevice();
        // No secret to copy: the device proves itself with its IDevID when it bootstraps.
        await Expect(dialog.NextStep).ToContainTextAsync("BRSKI");
        await ScreenshotAsync("devices-register-next-step");
        await dialog.CloseAsync();

        await devices.Devices.SearchAsync(serial);
        await Expect(devices.Devices.Row(serial).GetByTestId("device-state")).ToHaveAttributeAsync("data-state", "Manufactured");
        var registered = await new DevicesApi(Page.APIRequest).GetBySerialAsync(serial);
        Assert.Equal("Manufactured", registered.State);
        await ScreenshotAsync("devices-search");
    }
}
