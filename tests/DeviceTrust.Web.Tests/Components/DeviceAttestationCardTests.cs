using System.Security.Cryptography;
using Bunit;
using DeviceTrust.Application.Attestation.History;
using DeviceTrust.Application.Attestation.Keys;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Web.Components.Pages.Attestation;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DeviceTrust.Web.Tests.Components;

/// <summary>The device page's attestation card over the running app's real services (SQLite).</summary>
public sealed class DeviceAttestationCardTests : BunitContext
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly IServiceProvider _app;

    public DeviceAttestationCardTests(WebAppFixture app)
    {
        _app = app.Factory.Services;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(_app.GetRequiredService<AppraisalQueries>());
        Services.AddSingleton(_app.GetRequiredService<AttestationKeyQueries>());
        Services.AddSingleton(_app.GetRequiredService<TimeProvider>());
    }

    private const string ContraindicatedVector = """{"instance-identity":2,"executables":96}""";
    private const string ContraindicatedReasons = """[{"claim":"executables","value":96,"text":"'firmware' is not a known image"}]""";

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task NeverAttested_SaysSo_AndShowsTheUeid()
    {
        var device = await InServiceDevice.RegisterAsync(_app, "ATT-CARD-NONE", Ct);

        var card = Render<DeviceAttestationCard>(p => p.Add(c => c.DeviceId, device.Id).Add(c => c.Ueid, "AXN1ZWlk"));

        card.WaitForAssertion(() =>
        {
            Assert.Equal("AXN1ZWlk", card.Find("[data-testid=device-ueid]").TextContent);
            card.Find("[data-testid=attestation-none]");
            card.Find("[data-testid=attestation-keys-none]");
        }, Timeout);
    }

    [Fact]
    public async Task VendorVerified_SaysWhoChecksTheEvidence_AndThatItHasNoKeys()
    {
        var device = await InServiceDevice.RegisterAsync(_app, "ATT-CARD-VV", Ct);

        var card = Render<DeviceAttestationCard>(p => p.Add(c => c.DeviceId, device.Id).Add(c => c.Ueid, "x")
            .Add(c => c.Model, AttestationModel.VendorVerified).Add(c => c.Manufacturer, "Acme Sensors"));

        card.WaitForAssertion(() =>
        {
            var vendor = string.Join(' ', card.Find("[data-testid=attestation-vendor]").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("only Acme Sensors holds", vendor, StringComparison.Ordinal);
            Assert.Contains("The attestation verifier of Acme Sensors checks it", vendor, StringComparison.Ordinal);
            Assert.Contains("not signed", card.Find("[data-testid=attestation-keys-none]").TextContent, StringComparison.Ordinal);
        }, Timeout);
        // An endorsed class's card says nothing of a vendor.
        var endorsed = Render<DeviceAttestationCard>(p => p.Add(c => c.DeviceId, device.Id).Add(c => c.Ueid, "x"));
        endorsed.WaitForAssertion(() => Assert.Empty(endorsed.FindAll("[data-testid=attestation-vendor]")), Timeout);
    }

    [Fact]
    public async Task Attested_ShowsTheLatestVerdictFirst_TheEarlierOnes_AndTheKeys()
    {
        var device = await InServiceDevice.RegisterAsync(_app, "ATT-CARD", Ct);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using (var db = await _app.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct))
        {
            var session = AttestationSession.Open(new byte[16], TimeSpan.FromMinutes(2), "user:test", device.Id, DateTimeOffset.UtcNow.AddMinutes(-10));
            db.AttestationSessions.Add(session);
            var registered = AttestationKey.Registered(device.Id, device.SerialNumber, key.ExportSubjectPublicKeyInfo(), "user:test", DateTimeOffset.UtcNow);
            registered.ClearDomainEvents();
            db.AttestationKeys.Add(registered);
            foreach (var (verdict, minutesAgo) in new[] { (AttestationVerdict.Affirming, 9), (AttestationVerdict.Contraindicated, 1) })
            {
                var contraindicated = verdict == AttestationVerdict.Contraindicated;
                var appraisal = AttestationAppraisal.Record(session.Id, device.Id, device.SerialNumber, null, "application/eat+cwt", [1], "{}", 1, "3.2.1", [],
                    contraindicated ? ContraindicatedVector : """{"executables":2}""", verdict, contraindicated ? ContraindicatedReasons : "[]", "ear", "user:test",
                    DateTimeOffset.UtcNow.AddMinutes(-minutesAgo));
                appraisal.ClearDomainEvents();
                db.AttestationAppraisals.Add(appraisal);
            }
            await db.SaveChangesAsync(Ct);
        }

        var card = Render<DeviceAttestationCard>(p => p.Add(c => c.DeviceId, device.Id).Add(c => c.Ueid, "x"));

        card.WaitForAssertion(() =>
        {
            Assert.Equal("Contraindicated", card.Find("[data-testid=attestation-verdict]").TextContent.Trim());
            Assert.Equal(["Affirming"], card.FindAll("[data-testid=attestation-earlier]").Select(e => e.TextContent.Trim()));
            // Why it is not affirming, claim by claim, and where to read the rest.
            Assert.Equal(["executables: 'firmware' is not a known image"], card.FindAll("[data-testid=attestation-concern]").Select(e => e.TextContent.Trim()));
            Assert.StartsWith("/attestation/", card.Find("[data-testid=attestation-why]").GetAttribute("href"), StringComparison.Ordinal);
            Assert.Equal($"/attestation?deviceId={device.Id}", card.Find("[data-testid=attestation-all]").GetAttribute("href"));
            var row = Assert.Single(card.FindAll("[data-testid=attestation-key]"));
            Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16], row.TextContent, StringComparison.Ordinal);
        }, Timeout);
    }
}
