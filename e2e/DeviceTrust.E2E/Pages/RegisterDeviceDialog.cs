using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>The "Register a device" dialog on /devices: serial and class in, the one-time secret out.</summary>
public sealed class RegisterDeviceDialog(IPage page)
{
    public ILocator Root => page.GetByRole(AriaRole.Dialog);
    public ILocator Serial => Root.GetByTestId("register-serial");
    public ILocator DeviceClass => Root.GetByTestId("register-class");
    public ILocator Submit => Root.GetByTestId("register-submit");
    public ILocator Secret => Root.GetByTestId("register-secret");
    public ILocator Done => Root.GetByTestId("register-done");
    public ILocator Error => Root.GetByTestId("register-error");

    public async Task FillAsync(string serial, string deviceClass)
    {
        await Serial.FillAsync(serial);
        await MudSelect.ChooseAsync(page, DeviceClass, deviceClass);
    }

    /// <summary>Registers and returns the secret the dialog shows.</summary>
    public async Task<string> SubmitAsync()
    {
        await Submit.ClickAsync();
        await Expect(Secret).Not.ToHaveValueAsync("");
        return await Secret.InputValueAsync();
    }

    public async Task CloseAsync()
    {
        await Done.ClickAsync();
        await Expect(Root).ToBeHiddenAsync();
    }
}
