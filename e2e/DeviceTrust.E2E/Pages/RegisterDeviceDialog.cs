using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>The "Register a device" dialog on /devices: serial and class in, what happens next out.</summary>
public sealed class RegisterDeviceDialog(IPage page)
{
    public ILocator Root => page.GetByRole(AriaRole.Dialog);
    public ILocator Serial => Root.GetByTestId("register-serial");
    public ILocator DeviceClass => Root.GetByTestId("register-class");
    public ILocator Submit => Root.GetByTestId("register-submit");
    public ILocator NextStep => Root.GetByTestId("register-next-step");
    public ILocator Done => Root.GetByTestId("register-done");
    public ILocator Error => Root.GetByTestId("register-error");

    public async Task FillAsync(string serial, string deviceClass)
    {
        await Serial.FillAsync(serial);
        await MudSelect.ChooseAsync(page, DeviceClass, deviceClass);
    }

    /// <summary>Registers; the dialog then says how the device joins.</summary>
    public async Task SubmitAsync()
    {
        await Submit.ClickAsync();
        await Expect(NextStep).ToBeVisibleAsync();
    }

    public async Task CloseAsync()
    {
        await Done.ClickAsync();
        await Expect(Root).ToBeHiddenAsync();
    }
}
