using Microsoft.Playwright;

namespace DeviceTrust.E2E.Infrastructure;

/// <summary>Full-page screenshots saved as screenshots/&lt;test&gt;-&lt;page&gt;.png beside the test assembly.</summary>
public sealed class Screenshots(string testName)
{
    public static string Directory { get; } = System.IO.Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public string TestName { get; } = testName;

    public async Task SaveAsync(IPage page, string pageName)
    {
        // A full-page capture of a long page leaves fixed elements (the drawer, a dialog's overlay) at the viewport's
        // height; growing the viewport to the page for the capture draws them as a user would see them.
        var viewport = page.ViewportSize ?? throw new InvalidOperationException("The page has no fixed viewport.");
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        var grow = height > viewport.Height;
        if (grow) await page.SetViewportSizeAsync(viewport.Width, height);
        try
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(Directory, $"{TestName}-{pageName}.png"), FullPage = true });
        }
        finally
        {
            if (grow) await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
        }
    }
}
