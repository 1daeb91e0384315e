using DeviceTrust.E2E.Infrastructure;
using DeviceTrust.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Tests;

/// <summary>QA replays a planned rollout against virtual devices on an accelerated clock before running it for real.</summary>
public sealed class WhatIfTests(AppFixture app) : BrowserTest(app)
{
    [Fact]
    public async Task Qa_ReplaysARolloutWithFaults_ReadsTheOutcome_AndTheRealFleetIsUntouched()
    {
        await SignInAsync(DevUsers.Operator);
        var before = await (await Page.APIRequest.GetAsync("/api/v1/rollouts")).TextAsync();
        await Page.GotoAsync("/rollouts/what-if");
        await Expect(Page.GetByTestId("whatif-form")).ToBeVisibleAsync();
        await Page.WaitForFunctionAsync("() => !document.documentElement.innerHTML.includes('<!--Blazor:')");
        // The interactive page loads the catalog again: its release list shows once loaded.
        await Expect(Page.GetByTestId("whatif-release")).ToBeVisibleAsync();

        await MudSelect.ChooseAsync(Page, Page.GetByTestId("whatif-release"), "Acme Thermo T1");
        await Page.GetByTestId("whatif-devices").FillAsync("300");
        await Page.GetByTestId("whatif-fault-install").FillAsync("30");
        await Page.GetByTestId("whatif-fault-install").BlurAsync();
        await Page.GetByTestId("whatif-run-button").ClickAsync();

        var run = Page.GetByTestId("whatif-run").First;
        await Expect(run).ToHaveAttributeAsync("data-status", "Finished", new() { Timeout = 60_000 });
        // 30% install failures cross the first wave's error threshold: the run stops where a real rollout would wait for a person.
        await Expect(Page.GetByTestId("whatif-outcome")).ToHaveAttributeAsync("data-outcome", "Paused");
        await Expect(Page.GetByTestId("whatif-outcome")).ToContainTextAsync("error threshold");
        await Expect(Page.GetByTestId("whatif-report-failure").First).ToContainTextAsync("operation-failed");
        await ScreenshotAsync("what-if-run");

        Assert.Equal(before, await (await Page.APIRequest.GetAsync("/api/v1/rollouts")).TextAsync());
    }
}
