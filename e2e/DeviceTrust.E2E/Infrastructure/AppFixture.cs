using Microsoft.Playwright;

namespace DeviceTrust.E2E.Infrastructure;

/// <summary>The web app and one headless Chromium, shared by every test of the run; each test opens its own browser context.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    /// <summary>Seed__MaxDevicesPerFleet=3 over the five seeded fleets.</summary>
    public const int SeededDeviceCount = 15;

    private WebAppProcess? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private int _registeredDevices;

    public Uri BaseUrl => App.BaseUrl;

    public Uri DeviceUrl => App.DeviceUrl;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>For HTTP clients that share nothing with a browser context (no cookies).</summary>
    public IAPIRequest ApiRequest => _playwright?.APIRequest ?? throw new InvalidOperationException("The fixture is not initialized.");

    public string AppLog => App.Log;

    /// <summary>How many devices the tests registered so far, on top of the seeded ones.</summary>
    public int RegisteredDevices => Volatile.Read(ref _registeredDevices);

    public int ExpectedDeviceCount => SeededDeviceCount + RegisteredDevices;

    private WebAppProcess App => _app ?? throw new InvalidOperationException("The fixture is not initialized.");

    public void CountRegisteredDevice() => Interlocked.Increment(ref _registeredDevices);

    public async ValueTask InitializeAsync()
    {
        _app = await WebAppProcess.StartAsync(TestContext.Current.CancellationToken);
        Assertions.SetDefaultExpectTimeout(10_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "e2e-app.log"), _app.Log);
            await _app.DisposeAsync();
        }
    }
}
