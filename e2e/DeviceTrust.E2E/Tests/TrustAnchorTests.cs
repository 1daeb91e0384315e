using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.E2E.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace DeviceTrust.E2E.Tests;

public sealed class TrustAnchorTests(AppFixture app) : BrowserTest(app)
{
    private static string CaCertificatePem(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(3));
        return cert.ExportCertificatePem();
    }

    [Fact]
    public async Task SecurityOfficer_AddsTrustAnchor_AuditorSeesItButCannotAdd()
    {
        var tpaName = $"E2E PKI {Guid.NewGuid():N}"[..16];
        var anchorName = $"E2E domain CA {Guid.NewGuid():N}"[..22];

        var fleet = await SignInAsync(DevUsers.SecurityOfficer);
        var tpas = await fleet.GoToTpasAsync();
        await tpas.CreateAsync(tpaName);
        await ScreenshotAsync("tpas");
        var anchors = await tpas.GoToTrustAnchorsAsync();
        await anchors.AddAsync(anchorName, "Domain CA", tpaName, CaCertificatePem("CN=E2E Domain Root CA"));
        await Expect(anchors.Row(anchorName)).ToContainTextAsync("CN=E2E Domain Root CA");
        await Expect(anchors.Row(anchorName).GetByTestId("anchor-status")).ToHaveTextAsync("Active");
        await ScreenshotAsync("trust-anchors");

        await Page.GetByTestId("sign-out").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        var auditorFleet = await SignInAsync(DevUsers.Auditor);
        var auditorAnchors = await auditorFleet.GoToTrustAnchorsAsync();
        await Expect(auditorAnchors.Row(anchorName)).ToBeVisibleAsync();
        await Expect(auditorAnchors.Add).ToHaveCountAsync(0);
        await Expect(auditorAnchors.Retire).ToHaveCountAsync(0);

        var refused = await Page.APIRequest.PostAsync("/api/v1/trust-anchors", new()
        {
            DataObject = new { name = "auditor anchor", purpose = "DomainCa", ownerId = Guid.NewGuid(), material = CaCertificatePem("CN=nope") },
        });
        Assert.Equal(403, refused.Status);
    }
}
