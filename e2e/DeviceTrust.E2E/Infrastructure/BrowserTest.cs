using DeviceTrust.E2E.Pages;
using Microsoft.Playwright;

namespace DeviceTrust.E2E.Infrastructure;

/// <summary>
/// A test with its own browser context (own cookies) and page. A failed test leaves a Playwright trace and the tail
/// of the app's log in its output.
/// </summary>
public abstract class BrowserTest(AppFixture app) : IAsyncLifetime
{
    private IBrowserContext? _context;
    private IPage? _page;

    protected AppFixture App { get; } = app;

    protected IBrowserContext Context => _context ?? throw new InvalidOperationException("Not initialized.");

    protected IPage Page => _page ?? throw new InvalidOperationException("Not initialized.");

    protected Screenshots Screenshots { get; } = new(TestContext.Current.TestMethod?.MethodName ?? "test");

    public async ValueTask InitializeAsync()
    {
        _context = await App.Browser.NewContextAsync(new()
        {
            BaseURL = App.BaseUrl.ToString(),
            ViewportSize = new() { Width = 1440, Height = 900 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        _context.SetDefaultTimeout(15_000);
        await _context.Tracing.StartAsync(new() { Screenshots = true, Snapshots = true });
        _page = await _context.NewPageAsync();
    }

    protected Task ScreenshotAsync(string pageName) => Screenshots.SaveAsync(Page, pageName);

    /// <summary>Signs in through the login form and waits for the fleet overview, where sign-in lands, to be interactive.</summary>
    protected async Task<FleetPage> SignInAsync(string userName)
    {
        var login = await LoginPage.OpenAsync(Page);
        await login.SignInAsync(userName, DevUsers.Password);
        var fleet = new FleetPage(Page);
        await fleet.WaitUntilLoadedAsync();
        await ScreenshotAsync("fleet");
        return fleet;
    }

    public async ValueTask DisposeAsync()
    {
        if (_context is null) return;
        var failed = TestContext.Current.TestState?.Result == TestResult.Failed;
        var trace = failed ? Path.Combine(AppContext.BaseDirectory, "traces", $"{Screenshots.TestName}.zip") : null;
        await _context.Tracing.StopAsync(new() { Path = trace });
        if (failed)
        {
            var log = App.AppLog;
            TestContext.Current.TestOutputHelper?.WriteLine($"Playwright trace: {trace}\nLast lines of the app's log:\n{log[Math.Max(0, log.Length - 8000)..]}");
        }

        await _context.CloseAsync();
        GC.SuppressFinalize(this);
    }
}
