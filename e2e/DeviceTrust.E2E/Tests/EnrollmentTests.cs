using DeviceTrust.E2E.Infrastructure;
using DeviceTrust.E2E.Pages;
using DeviceTrust.Simulator.Provisioning;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Tests;

/// <summary>BRSKI + EST as operations staff see it: a held pledge waits for them and enrolls once they approve.</summary>
public sealed class EnrollmentTests(AppFixture app) : BrowserTest(app)
{
    /// <summary>A DEV-ONLY IDevID minted by a security officer (in a browser context of their own) for <paramref name="serial"/>.</summary>
    private async Task<DeviceIdentity> MintIdevidAsync(string manufacturer, string serial)
    {
        await using var officer = await App.Browser.NewContextAsync(new() { BaseURL = App.BaseUrl.ToString() });
        var page = await officer.NewPageAsync();
        var login = await LoginPage.OpenAsync(page);
        await login.SignInAsync(DevUsers.SecurityOfficer, DevUsers.Password);
        await Expect(page.GetByTestId("current-user")).ToBeVisibleAsync();
        var response = await page.APIRequest.PostAsync($"/api/v1/dev/manufacturers/{Uri.EscapeDataString(manufacturer)}/idevids",
            new() { DataObject = new { serialNumber = serial } });
        Assert.Equal(201, response.Status);
        var minted = (await response.JsonAsync())!.Value;
        string Pem(string name) => minted.GetProperty(name).GetString()!;
        return DeviceIdentity.FromPem(Pem("certificatePem"), Pem("privateKeyPem"), Pem("masaCertificatePem"), Pem("chainPem"));
    }

    [Fact]
    public async Task Operator_ApprovesAHeldPledge_AndWatchesItBecomeEnrolledLive()
    {
        var serial = $"ACME-G2-E2E-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        var fleet = await SignInAsync(DevUsers.Operator);
        Assert.Equal(201, (await new DevicesApi(Page.APIRequest).RegisterAsync(serial, "Acme Gateway G2", "Acme Sensors")).Status);
        App.CountRegisteredDevice();
        using var idevid = await MintIdevidAsync("Acme Sensors", serial);
        var enrollment = await fleet.GoToEnrollmentAsync();

        // The pledge runs the real exchange over HTTPS: its class needs approval, so it is told to retry until then.
        var pledge = new BrskiPledge(idevid, App.DeviceUrl, new PledgeOptions { MaxAttempts = 90, MaxRetryDelay = TimeSpan.FromSeconds(2) });
        var provisioning = pledge.ProvisionAsync(TestContext.Current.CancellationToken);

        await Expect(enrollment.PendingRow(serial)).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(enrollment.PendingRow(serial)).ToContainTextAsync("Acme Gateway G2");
        await ScreenshotAsync("enrollment-pending");
        await enrollment.ApproveAsync(serial, "gateway for line 5, installed by our technician");

        // No reload: the page follows the pledge to Enrolled as it gets its voucher and its LDevID.
        await Expect(enrollment.RecentStatus(serial)).ToHaveTextAsync("Enrolled", new() { Timeout = 30_000 });
        await ScreenshotAsync("enrollment-enrolled");
        var result = await provisioning.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        using var ldevid = result.Ldevid;
        Assert.Equal(serial, ldevid.SerialNumber);
        Assert.True(result.EnrollStatusAccepted);

        var device = await new DevicesApi(Page.APIRequest).GetBySerialAsync(serial);
        Assert.Equal("Enrolled", device.State);
        await Page.GotoAsync($"/devices/{device.Id}");
        await Expect(Page.GetByTestId("provisioning-status")).ToHaveTextAsync("Enrolled");
        await Expect(Page.GetByTestId("certificate-status")).ToHaveTextAsync("Valid");
        await ScreenshotAsync("device-enrolled");
    }

    [Fact]
    public async Task Operator_ApprovesAHeldSimulatedGateway_ItComesOnline_AndItsManufacturerVouchesForItsEvidence()
    {
        // The hosted simulator's gateway pledged at start; Acme Gateway G2 waits for an operator.
        const string gateway = "ACME-G2-TKY-00001";
        var fleet = await SignInAsync(DevUsers.Operator);
        var enrollment = await fleet.GoToEnrollmentAsync();
        await Expect(enrollment.PendingRow(gateway)).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(enrollment.PendingRow(gateway)).ToContainTextAsync("Acme Gateway G2");

        await enrollment.ApproveAsync(gateway, "e2e: gateway of the Tokyo plant, installed by our technician");

        // The simulated gateway asks again after Retry-After, gets its voucher and LDevID, then connects to the hub.
        await Expect(enrollment.RecentStatus(gateway)).ToHaveTextAsync("Enrolled", new() { Timeout = 60_000 });
        var api = new DevicesApi(Page.APIRequest);
        var device = await api.GetBySerialAsync(gateway);
        var detail = await DeviceDetailPage.OpenAsync(Page, device.Id, gateway);
        await Expect(detail.Online).ToHaveAttributeAsync("data-online", "true", new() { Timeout = 60_000 });
        await Expect(detail.State).ToHaveAttributeAsync("data-state", "Operational");
        await Expect(Page.GetByTestId("certificate-status")).ToHaveTextAsync("Valid");
        // Acme Gateway G2 is vendor verified: its evidence is MACed, and Acme's own verifier vouched for it.
        await Expect(Page.GetByTestId("attestation-vendor")).ToContainTextAsync("only Acme Sensors holds");
        await Expect(detail.AttestationVerdict).ToHaveTextAsync("Affirming");
        await ScreenshotAsync("simulated-gateway-online");

        var verdict = await detail.OpenLatestVerdictAsync();
        await Expect(verdict.Row("instance-identity")).ToHaveAttributeAsync("data-tier", "affirming");
        await Expect(verdict.Reason("instance-identity")).ToContainTextAsync("vouched for by Acme Sensors Attestation Verifier (DEV-ONLY)");
        await ScreenshotAsync("gateway-vendor-verified-verdict");
    }
}
