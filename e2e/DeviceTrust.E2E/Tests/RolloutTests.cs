using System.Security.Cryptography;
using DeviceTrust.E2E.Infrastructure;
using DeviceTrust.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Tests;

/// <summary>
/// A staged rollout as its users run it, with the hosted simulator's devices installing the update for real (SUIT over
/// mutual TLS, signed reports, attestation afterwards): an operator plans it, a security officer approves it, wave 1
/// crosses its error threshold and pauses, the operator excludes the failing device, resumes, and every updated device
/// attests affirming on the new release.
/// </summary>
public sealed class RolloutTests(AppFixture app) : BrowserTest(app)
{
    private const string Group = "Osaka warehouse";
    private static readonly string[] Devices = ["ACME-T1-OSK-00001", "ACME-T1-OSK-00002", "ACME-T1-OSK-00003"];

    [Fact]
    public async Task Operator_Creates_OfficerApproves_Wave1PausesOnErrors_ExcludeAndResume_EveryUpdatedDeviceAttestsAffirming()
    {
        await SignInAsync(DevUsers.Operator);
        // QA's lever: the first device of wave 1 fails to write the image.
        var failing = Devices[0];
        Assert.Equal(204, (await Page.APIRequest.PutAsync($"/api/v1/simulator/devices/{failing}/faults", new() { DataObject = new { installFailureRate = 1.0 } })).Status);
        try
        {
            var version = $"1.6.{RandomNumberGenerator.GetInt32(1000, 9999)}";
            await PublishAsync("Acme Thermo T1", version);

            var wizard = await CreateRolloutPage.OpenAsync(Page);
            await wizard.ChooseAsync($"Acme Thermo T1 {version}", Group, $"Osaka to {version}");
            await wizard.Next.ClickAsync();
            await wizard.SetWaveAsync(0, devices: 1, success: 100, error: 50);
            await wizard.SetWaveAsync(1, devices: null, success: 100, error: 50);
            await wizard.Next.ClickAsync();
            await Expect(wizard.PreviewEligible).ToHaveAttributeAsync("data-count", "3");
            await Expect(wizard.PreviewWaves.Nth(0)).ToHaveAttributeAsync("data-count", "1");
            await Expect(wizard.PreviewWaves.Nth(1)).ToHaveAttributeAsync("data-count", "2");
            await ScreenshotAsync("rollout-wizard-preview");
            var rollout = await wizard.CreateAsync();
            await Expect(rollout.Status).ToHaveAttributeAsync("data-status", "AwaitingApproval");
            await Expect(rollout.Start).ToHaveCountAsync(0);
            var url = Page.Url;

            // Four eyes: a security officer, in a session of their own, approves.
            await using (var officer = await App.Browser.NewContextAsync(new() { BaseURL = App.BaseUrl.ToString(), ViewportSize = new() { Width = 1440, Height = 900 } }))
            {
                var page = await officer.NewPageAsync();
                await (await LoginPage.OpenAsync(page)).SignInAsync(DevUsers.SecurityOfficer, DevUsers.Password);
                await Expect(page.GetByTestId("current-user")).ToBeVisibleAsync();
                var approving = await RolloutPage.OpenAsync(page, url);
                await approving.Approve.ClickAsync();
                await Expect(approving.Status).ToHaveAttributeAsync("data-status", "Approved");
            }

            rollout = await RolloutPage.OpenAsync(Page, url);
            await rollout.Start.ClickAsync();
            await Expect(rollout.Status).ToHaveAttributeAsync("data-status", "Paused", new() { Timeout = 60_000 });
            await Expect(rollout.StatusReason).ToContainTextAsync("error threshold of 50%");
            await Expect(rollout.Wave(0)).ToHaveAttributeAsync("data-failed", "1");
            await Expect(rollout.DeviceStatus(failing)).ToHaveAttributeAsync("data-status", "Failed");
            await ScreenshotAsync("rollout-paused");

            await rollout.ExcludeAsync(failing, "e2e: flash worn out, sent for repair");
            await Expect(rollout.DeviceStatus(failing)).ToHaveAttributeAsync("data-status", "Excluded");
            await rollout.Resume.ClickAsync();

            await Expect(rollout.Status).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 90_000 });
            await Expect(rollout.Wave(1)).ToHaveAttributeAsync("data-verified", "2");
            foreach (var serial in Devices.Skip(1))
                await Expect(rollout.DeviceStatus(serial)).ToHaveAttributeAsync("data-status", "Verified");
            await Expect(Page.Locator("[data-testid='timeline-entry'][data-action='approved']")).ToContainTextAsync("user:security");
            await ScreenshotAsync("rollout-completed");

            var api = new DevicesApi(Page.APIRequest);
            foreach (var serial in Devices.Skip(1))
            {
                var device = await api.GetBySerialAsync(serial);
                Assert.Equal("Operational", device.State);
                var latest = await Page.APIRequest.GetAsync($"/api/v1/attestation/appraisals?deviceId={device.Id}&pageSize=1");
                var item = (await latest.JsonAsync())!.Value.GetProperty("items")[0];
                Assert.Equal(("Affirming", version), (item.GetProperty("verdict").GetString(), item.GetProperty("firmwareVersion").GetString()));
            }
        }
        finally
        {
            await Page.APIRequest.PutAsync($"/api/v1/simulator/devices/{failing}/faults", new() { DataObject = new { } });
        }
    }

    /// <summary>The release, published through the catalog's API as the operator (the page's upload does the same).</summary>
    private async Task PublishAsync(string deviceClass, string version)
    {
        var classes = await (await Page.APIRequest.GetAsync("/api/v1/fleet/summary")).JsonAsync();
        var classId = classes!.Value.GetProperty("deviceClasses").EnumerateArray().First(c => c.GetProperty("name").GetString() == deviceClass).GetProperty("id").GetString();
        var form = Page.APIRequest.CreateFormData();
        form.Set("deviceClassId", classId!);
        form.Set("version", version);
        form.Set("image", new FilePayload { Name = "firmware.bin", MimeType = "application/octet-stream", Buffer = RandomNumberGenerator.GetBytes(4096) });
        var response = await Page.APIRequest.PostAsync("/api/v1/firmware/releases/images", new() { Multipart = form });
        Assert.True(response.Status == 201, await response.TextAsync());
    }
}
