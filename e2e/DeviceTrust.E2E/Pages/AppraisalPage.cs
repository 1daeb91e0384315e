using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Pages;

/// <summary>/attestation/{id}: one verdict, why (the trustworthiness vector claim by claim), the claims and the EAR.</summary>
public sealed class AppraisalPage(IPage page, string serial) : AppPage(page)
{
    public ILocator Device => Page.GetByTestId("appraisal-device");
    public ILocator Verdict => Page.GetByTestId("appraisal-verdict");
    public ILocator Claims => Page.GetByTestId("appraisal-claims");

    /// <summary>The vector's row of one AR4SI claim, e.g. "executables"; its data-tier is the claim's tier.</summary>
    public ILocator Row(string claim) => Page.Locator($"[data-testid=appraisal-vector-row][data-claim='{claim}']");

    public ILocator Reason(string claim) => Row(claim).GetByTestId("appraisal-reason");

    public override async Task WaitUntilLoadedAsync()
    {
        await Expect(Device).ToHaveTextAsync(serial);
        await WaitForInteractivityAsync();
    }
}
