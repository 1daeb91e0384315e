extern alias cli;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Application.Accounts.ApiTokens.CreateApiToken;
using DeviceTrust.Application.Attestation.Keys;
using DeviceTrust.Application.Attestation.ReferenceValues;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CliApplication = cli::DeviceTrust.Cli.CliApplication;

namespace DeviceTrust.Web.Tests.Attestation;

/// <summary>
/// The verifier from the outside: the devicetrust CLI attests a real enrolled device against the running app and checks
/// the EAR, and a relying party reads the device's latest result and has an EAR checked.
/// </summary>
public sealed class AttestationClientsTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("devicetrust-attest-");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string FileOf(string name) => Path.Combine(_directory.FullName, name);

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task CliAttest_AgainstTheRealVerifier_Affirming_ThenTheRelyingPartyReadsAndChecksTheResult()
    {
        var services = app.Factory.Services;
        using var device = await EnrolledDevice.EnrollAsync(app, "ATT-CLI", Ct);
        using var attestationKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await services.GetRequiredService<RegisterAttestationKeyHandler>().HandleAsync(TestPledge.Officer, device.Id,
            System.Text.Encoding.ASCII.GetBytes(PemEncoding.WriteString("PUBLIC KEY", attestationKey.ExportSubjectPublicKeyInfo())), Ct);
        byte[] ueid;
        Guid classId;
        string className;
        await using (var db = await services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct))
        {
            var stored = await db.Devices.AsNoTracking().SingleAsync(d => d.Id == device.Id, Ct);
            var deviceClass = await db.DeviceClasses.AsNoTracking().SingleAsync(c => c.Id == stored.DeviceClassId, Ct);
            (ueid, classId, className) = (stored.Ueid, deviceClass.ClassId, deviceClass.Name);
        }
        var version = $"6.{Random.Shared.Next(1_000_000)}.0";
        var image = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await services.GetRequiredService<ReferenceValueHandlers>().AddAsync(TestPledge.Officer, new ReferenceValueEntry(className, version, "firmware", "sha-256", image), Ct);
        File.WriteAllText(FileOf("ldevid.pem"), device.Ldevid.ExportCertificatePem());
        using (var ldevidKey = device.Ldevid.GetECDsaPrivateKey()!) File.WriteAllText(FileOf("ldevid.key.pem"), ldevidKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(FileOf("attestation.key.pem"), attestationKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(FileOf("domain-ca.pem"), services.GetRequiredService<DomainPki>().Root.Certificate.ExportCertificatePem());

        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApplication.RunAsync(["attest", "--server", app.Https.GetLeftPart(UriPartial.Authority), "--trust", FileOf("domain-ca.pem"),
            "--cert", FileOf("ldevid.pem"), "--key", FileOf("ldevid.key.pem"), "--attestation-key", FileOf("attestation.key.pem"),
            "--ueid", Convert.ToHexStringLower(ueid), "--class-id", classId.ToString(), "--dbgstat", "2", "--firmware", $"firmware={version}:{image}"],
            new System.CommandLine.InvocationConfiguration { Output = output, Error = error }, cancellationToken: Ct);

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{output}\nstderr:\n{error}");
        Assert.Contains("affirming", output.ToString(), StringComparison.OrdinalIgnoreCase);

        using var relyingParty = new HttpClient { BaseAddress = app.Http };
        relyingParty.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("operator"));
        var latest = await relyingParty.GetFromJsonAsync<JsonElement>($"/api/v1/devices/{device.Id}/attestation", Ct);
        Assert.Equal(("Affirming", true), (latest.GetProperty("verdict").GetString(), latest.GetProperty("current").GetBoolean()));
        var ear = latest.GetProperty("result").GetString()!;
        var check = await (await relyingParty.PostAsJsonAsync("/api/v1/attestation/ear/verify", new { ear }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(check.GetProperty("verified").GetBoolean());
        Assert.Contains(device.Serial, check.GetProperty("json").GetString(), StringComparison.Ordinal);
        // One byte of the signature changed: not this verifier's result.
        var tampered = ear[..^2] + (ear[^2] == 'A' ? 'B' : 'A') + ear[^1];
        var refused = await (await relyingParty.PostAsJsonAsync("/api/v1/attestation/ear/verify", new { ear = tampered }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.False(refused.GetProperty("verified").GetBoolean());
        using var garbage = await relyingParty.PostAsJsonAsync("/api/v1/attestation/ear/verify", new { ear = "not a jwt" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        using var none = await relyingParty.GetAsync($"/api/v1/devices/{Guid.NewGuid()}/attestation", Ct);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    private async Task<string> TokenAsync(string user)
    {
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.Http };
        await BrowserlessClient.SignInAsync(browser, user, DeviceTrustWebFactory.Password);
        var response = await browser.PostAsJsonAsync("/api/v1/me/tokens", new { name = $"rp-{Guid.NewGuid():N}", expiresInDays = 1 }, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<CreatedApiToken>(Integration.ApiTestHelpers.Json, Ct))!.Token;
    }
}
