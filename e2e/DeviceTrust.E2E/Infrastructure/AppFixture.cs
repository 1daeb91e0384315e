using DeviceTrust.Testing.AppHost;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Infrastructure;

/// <summary>The web app and one headless Chromium, shared by every test of the run; each test opens its own browser context.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    /// <summary>Seed__MaxDevicesPerFleet=3 over the five seeded fleets.</summary>
    public const int SeededDeviceCount = 15;

    /// <summary>
    /// The seeded devices the hosted simulator bootstraps on its own: every class but Acme Gateway G2, whose pledges
    /// wait for an operator, and never KUMO-M7-NEW-*, which Simulator:ExcludeSerialPrefixes keeps for manual bootstrap.
    /// </summary>
    public static readonly IReadOnlyList<string> SelfEnrollingDevices =
    [
        "ACME-T1-TKY-00001", "ACME-T1-TKY-00002", "ACME-T1-TKY-00003", "ACME-T1-OSK-00001", "ACME-T1-OSK-00002",
        "ACME-T1-OSK-00003", "KUMO-M7-00001", "KUMO-M7-00002", "KUMO-M7-00003",
    ];

    private static readonly TimeSpan FleetBootstrapTimeout = TimeSpan.FromSeconds(120);

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
        _app = await WebAppProcess.StartAsync(new WebAppOptions(WebAppBuild.LocateSameConfiguration())
        {
            // A small fleet whose devices (the hosted simulator's) report and go offline quickly, and pledges held for an
            // operator that ask again every second.
            Settings = new Dictionary<string, string>
            {
                ["Seed__MaxDevicesPerFleet"] = "3",
                ["Brski__RetryAfterSeconds"] = "1",
                ["Simulator__TelemetryIntervalSeconds"] = "0.5",
                ["Fleet__OfflineAfterSeconds"] = "5",
            },
            TempFolderPrefix = "devicetrust-e2e-",
        }, TestContext.Current.CancellationToken);
        Assertions.SetDefaultExpectTimeout(10_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        await WaitForSimulatedFleetAsync();
    }

    /// <summary>
    /// The seeded devices start Manufactured and bootstrap (BRSKI, EST, first hub connection) once the app runs; tests
    /// start from a fleet that has done so. Watched through the API as an auditor would, so nothing is changed.
    /// </summary>
    private async Task WaitForSimulatedFleetAsync()
    {
        await using var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl.ToString() });
        var page = await context.NewPageAsync();
        var login = await Pages.LoginPage.OpenAsync(page);
        await login.SignInAsync(DevUsers.Auditor, DevUsers.Password);
        await Expect(page.GetByTestId("current-user")).ToBeVisibleAsync();

        var notYet = SelfEnrollingDevices.ToList();
        try
        {
            await Wait.UntilAsync(async () =>
            {
                var response = await page.APIRequest.GetAsync("/api/v1/devices", new() { Params = new Dictionary<string, object> { ["pageSize"] = 100 } });
                var states = (await response.JsonAsync())!.Value.GetProperty("items").EnumerateArray()
                    .ToDictionary(d => d.GetProperty("serialNumber").GetString()!, d => d.GetProperty("state").GetString());
                notYet = SelfEnrollingDevices.Where(serial => states.GetValueOrDefault(serial) != "Operational").ToList();
                return notYet.Count == 0;
            }, "the simulated fleet bootstrapped", FleetBootstrapTimeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Not Operational: {string.Join(", ", notYet)}. The app's log:\n{App.Log}", e);
        }
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
