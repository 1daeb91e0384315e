using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>/devices: the device table and, for operators, device registration.</summary>
public sealed partial class DevicesPage(IPage page) : AppPage(page)
{
    public ILocator RegisterButton => Page.GetByTestId("register-device");
    public DeviceTable Devices { get; } = new(page);

    public override async Task WaitUntilLoadedAsync()
    {
        await Expect(Page).ToHaveURLAsync(DevicesPath());
        await Expect(PageTitle).ToHaveTextAsync("Devices");
        await WaitForInteractivityAsync();
        await Devices.WaitForRowsAsync();
    }

    public async Task<RegisterDeviceDialog> OpenRegisterDialogAsync()
    {
        await RegisterButton.ClickAsync();
        var dialog = new RegisterDeviceDialog(Page);
        await Expect(dialog.Serial).ToBeVisibleAsync();
        return dialog;
    }

    [GeneratedRegex(@"/devices/?$")]
    private static partial Regex DevicesPath();
}
