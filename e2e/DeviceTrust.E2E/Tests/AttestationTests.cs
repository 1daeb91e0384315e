using DeviceTrust.E2E.Infrastructure;
using DeviceTrust.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Tests;

/// <summary>
/// Attestation as its users meet it, against the hosted simulator's devices, which answer the server's challenges with
/// real evidence: a quarantine a security officer reads and lifts, and an operator's "Attest now".
/// </summary>
public sealed class AttestationTests(AppFixture app) : BrowserTest(app)
{
    [Fact]
    public async Task SecurityOfficer_FindsAQuarantinedDevice_OpensItsVerdict_ReadsWhy_AndReleasesIt()
    {
        const string serial = "KUMO-M7-00003";
        var fleet = await SignInAsync(DevUsers.SecurityOfficer);
        var api = new DevicesApi(Page.APIRequest);
        var device = await api.GetBySerialAsync(serial);
        Assert.Equal("Operational", device.State);
        // QA's lever on the simulator: the device's next evidence carries a firmware digest that is not the released one.
        var faulted = await Page.APIRequest.PutAsync($"/api/v1/simulator/devices/{serial}/faults", new() { DataObject = new { tamperedDigest = true } });
        Assert.Equal(204, faulted.Status);
        var asked = await Page.APIRequest.PostAsync($"/api/v1/devices/{device.Id}/attestation-requests");
        Assert.Equal(202, asked.Status);

        await fleet.Devices.SearchAsync(serial);
        await Expect(fleet.Devices.Row(serial).GetByTestId("device-state")).ToHaveAttributeAsync("data-state", "Quarantined");
        await Expect(fleet.Devices.Row(serial).GetByTestId("device-verdict")).ToHaveAttributeAsync("data-verdict", "Contraindicated");
        var detail = await fleet.Devices.OpenAsync(serial);
        await Expect(detail.State).ToHaveAttributeAsync("data-state", "Quarantined");
        await Expect(detail.AttestationVerdict).ToHaveTextAsync("Contraindicated");
        await Expect(detail.AttestationConcerns.First).ToContainTextAsync("executables");
        await ScreenshotAsync("device-quarantined");

        var verdict = await detail.OpenLatestVerdictAsync();
        await Expect(verdict.Verdict).ToHaveTextAsync("Contraindicated");
        await Expect(verdict.Row("executables")).ToHaveAttributeAsync("data-tier", "contraindicated");
        await Expect(verdict.Reason("executables")).ToContainTextAsync("digest");
        await Expect(verdict.Row("instance-identity")).ToHaveAttributeAsync("data-tier", "affirming");
        await ScreenshotAsync("verdict");

        var healed = await Page.APIRequest.PutAsync($"/api/v1/simulator/devices/{serial}/faults", new() { DataObject = new { } });
        Assert.Equal(204, healed.Status);
        detail = await DeviceDetailPage.OpenAsync(Page, device.Id, serial);
        await detail.ReleaseAsync("e2e: firmware re-flashed from the released image");
        await Expect(detail.State).ToHaveAttributeAsync("data-state", "Operational");
        await Expect(detail.TimelineEntries.Filter(new() { HasText = "device.state-changed" }).Filter(new() { HasText = "by user:security" }))
            .ToHaveCountAsync(1);
        await ScreenshotAsync("device-released");
    }

    [Fact]
    public async Task Operator_PressesAttestNow_AndWatchesTheVerdictArrive()
    {
        const string serial = "ACME-T1-OSK-00003";
        var fleet = await SignInAsync(DevUsers.Operator);
        await fleet.Devices.SearchAsync(serial);
        var detail = await fleet.Devices.OpenAsync(serial);
        await Expect(detail.Online).ToHaveAttributeAsync("data-online", "true");
        // It attested when it connected: that verdict is on the card already.
        await Expect(detail.AttestationVerdict).ToHaveTextAsync("Affirming");
        var before = await detail.AttestationWhy.GetAttributeAsync("href");

        await detail.AttestNowButton.ClickAsync();

        await Expect(detail.AttestationWhy).Not.ToHaveAttributeAsync("href", before!);
        await Expect(detail.AttestationVerdict).ToHaveTextAsync("Affirming");
        await Expect(detail.State).ToHaveAttributeAsync("data-state", "Operational");
        await ScreenshotAsync("device-attested-now");

        var history = await detail.OpenLatestVerdictAsync();
        await Expect(history.Verdict).ToHaveTextAsync("Affirming");
        await Expect(history.Claims).ToContainTextAsync("tag:devicetrust.dev,2026:eat/v1");
    }

    [Fact]
    public async Task Auditor_ReadsTheVerdicts_ReferenceValuesAndPolicies_AndMayChangeNothing()
    {
        await SignInAsync(DevUsers.Auditor);

        await Page.GetByTestId("nav-attestation").ClickAsync();
        await Expect(Page.GetByTestId("page-title")).ToHaveTextAsync("Attestation");
        // Every simulated device attested when it connected.
        await Expect(Page.GetByTestId("attestation-row-verdict").First).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("attestation-chart").Locator("svg").First).ToBeVisibleAsync();
        await ScreenshotAsync("verdicts");

        await Page.GetByTestId("nav-reference-values").ClickAsync();
        await Expect(Page.GetByTestId("page-title")).ToHaveTextAsync("Reference values");
        // The simulated manufacturers published their firmware's digests.
        await Expect(Page.GetByTestId("refvalue-row").First).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("refvalues-add")).ToHaveCountAsync(0);
        await ScreenshotAsync("reference-values");

        await Page.GetByTestId("nav-attestation-policies").ClickAsync();
        await Expect(Page.Locator("[data-testid=policy-row][data-class='Kumo Meter M7']")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("policy-edit")).ToHaveCountAsync(0);
        await ScreenshotAsync("policies");
    }
}
