using DeviceTrust.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Tests;

public sealed class LiveTelemetryTests(AppFixture app) : BrowserTest(app)
{
    private const string SimulatedDevice = "ACME-T1-TKY-00001";

    [Fact]
    public async Task Operator_OpensSimulatedDevice_SeesTelemetryChangeWithoutReload()
    {
        var fleet = await SignInAsync(DevUsers.Operator);
        var devices = await fleet.GoToDevicesAsync();
        await ScreenshotAsync("devices");
        await devices.Devices.SearchAsync(SimulatedDevice);
        var device = await devices.Devices.OpenAsync(SimulatedDevice);

        await Expect(device.Online).ToHaveAttributeAsync("data-online", "true");
        await Expect(device.MeasuredAt).ToContainTextAsync("Measured");
        await Expect(device.FirmwareComponents).ToHaveCountAsync(2);
        await Expect(device.DeviceClass).ToHaveTextAsync("Acme Thermo T1");
        await Expect(device.Manufacturer).ToHaveTextAsync("Acme Sensors");
        await ScreenshotAsync("device-detail");

        // A marker on window survives only if the page is never reloaded.
        await Page.EvaluateAsync("() => window.e2eNoReload = true");
        var firstReading = await device.MeasuredAt.TextContentAsync();
        await Expect(device.MeasuredAt).Not.ToHaveTextAsync(firstReading!, new() { Timeout = 15_000 });
        Assert.True(await Page.EvaluateAsync<bool>("() => window.e2eNoReload === true"), "The device page was reloaded.");
        await Expect(device.Online).ToHaveAttributeAsync("data-online", "true");
    }
}
