using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Integration;

/// <summary>
/// The README's walkthrough, scripts/brski-est-openssl.sh, run as written against the real app over real TLS:
/// BRSKI (RFC 8995) and EST (RFC 7030) with only openssl, curl and jq on the pledge side.
/// </summary>
public sealed class OpensslWalkthroughTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>
{
    // Manufactured devices of the test seed (seed-data/fleets.json "KUMO-M7-NEW", cut to two per fleet); one per test.
    private const string EnrollingSerial = "KUMO-M7-NEW-00001";
    private const string TamperedSerial = "KUMO-M7-NEW-00002";

    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private IServiceProvider Services => app.Factory.Services;

    [Fact]
    public async Task Walkthrough_AgainstTheRunningApp_EnrollsTheDeviceWithTheLdevidItWrote()
    {
        using var work = new WorkDirectory();
        Assert.Equal(DeviceState.Manufactured, (await StoredAsync(EnrollingSerial)).Device.State);

        var run = await RunWalkthroughAsync(EnrollingSerial, work.Path);

        TestContext.Current.TestOutputHelper?.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.Output);
        using var ldevid = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(work.Path, "ldevid.pem"), Ct));
        using var pinned = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(work.Path, "domain-ca.pem"), Ct));
        Assert.Equal(Services.GetRequiredService<DomainPki>().Root.Certificate.RawData, pinned.RawData);
        var (device, certificates, enrollment) = await StoredAsync(EnrollingSerial);
        Assert.Equal(DeviceState.Enrolled, device.State);
        var issued = Assert.Single(certificates);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(ldevid.RawData)), issued.Fingerprint);
        Assert.Equal(EnrollingSerial, DeviceCertificateFields.SubjectSerialNumber(ldevid));
        Assert.Equal(PledgeStatus.Enrolled, enrollment!.Status);
        Assert.True(enrollment.VoucherStatusOk);
        Assert.True(enrollment.EnrollStatusOk);
    }

    [Fact]
    public async Task Walkthrough_WithAnotherMasaCertificateAsAnchor_StopsAtTheVoucherCheck_AndNothingIsEnrolled()
    {
        using var work = new WorkDirectory();
        using var impostor = SigningCertificates.CreateSelfSigned(new X500DistinguishedName("CN=Not the Kumo MASA"), TimeSpan.FromDays(30), TimeProvider.System);
        var wrongMasa = Path.Combine(work.Path, "wrong-masa.pem");
        await File.WriteAllTextAsync(wrongMasa, impostor.ExportCertificatePem(), Ct);

        var run = await RunWalkthroughAsync(TamperedSerial, work.Path, ("MASA_PEM", wrongMasa));

        TestContext.Current.TestOutputHelper?.WriteLine(run.Output);
        Assert.True(run.ExitCode != 0, run.Output);
        Assert.Contains("FAILED at 'e. verify the voucher", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(work.Path, "ldevid.pem")));
        var (device, certificates, enrollment) = await StoredAsync(TamperedSerial);
        Assert.NotEqual(DeviceState.Enrolled, device.State);
        Assert.Empty(certificates);
        Assert.Equal(PledgeStatus.VoucherIssued, enrollment!.Status);
        Assert.False(enrollment.VoucherStatusOk);
    }

    private async Task<(Device Device, List<IssuedCertificate> Certificates, PledgeEnrollment? Enrollment)> StoredAsync(string serial)
    {
        await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var device = await db.Devices.AsNoTracking().SingleAsync(d => d.SerialNumber == serial, Ct);
        var certificates = await db.IssuedCertificates.AsNoTracking().Where(c => c.DeviceId == device.Id).ToListAsync(Ct);
        var enrollment = await db.PledgeEnrollments.AsNoTracking().SingleOrDefaultAsync(e => e.DeviceId == device.Id, Ct);
        return (device, certificates, enrollment);
    }

    /// <summary>A SecurityOfficer API token, created the way a newcomer does: signed in as "security", POST /api/v1/me/tokens.</summary>
    private async Task<string> OfficerTokenAsync()
    {
        // The browser side is the HTTP listener (the factory's base address is the device listener here).
        using var officer = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = app.Http,
        };
        var signIn = await BrowserlessClient.SignInAsync(officer, "security", DeviceTrustWebFactory.Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signIn.StatusCode);
        var response = await officer.PostAsJsonAsync("/api/v1/me/tokens", new { name = "openssl walkthrough", expiresInDays = 1 }, Ct);
        response.EnsureSuccessStatusCode();
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return created.RootElement.GetProperty("token").GetString()!;
    }

    private async Task<(int ExitCode, string Output)> RunWalkthroughAsync(string serial, string work, params (string Name, string Value)[] extra)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "scripts", "brski-est-openssl.sh"));
        start.Environment["REGISTRAR"] = app.Https.ToString();
        start.Environment["API"] = app.Http.ToString();
        start.Environment["TOKEN"] = await OfficerTokenAsync();
        start.Environment["SERIAL"] = serial;
        start.Environment["WORK"] = work;
        foreach (var (name, value) in extra) start.Environment[name] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        try
        {
            await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(120), Ct);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, $"{await stdout}\n--- stderr ---\n{await stderr}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeviceTrust.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"DeviceTrust.sln was not found above {AppContext.BaseDirectory}.");
    }

    private sealed class WorkDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("devicetrust-openssl-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
