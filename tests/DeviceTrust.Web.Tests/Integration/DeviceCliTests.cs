extern alias cli;

using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Application.Accounts.ApiTokens.CreateApiToken;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CliApplication = cli::DeviceTrust.Cli.CliApplication;
using SimulateRequest = cli::DeviceTrust.Cli.Simulate.SimulateRequest;
using SimulateRunner = cli::DeviceTrust.Cli.Simulate.SimulateRunner;
using ExitCodes = cli::DeviceTrust.Cli.ExitCodes;

namespace DeviceTrust.Web.Tests.Integration;

/// <summary>
/// The devicetrust CLI run in-process against the real server, as an operator would chain it: dev idevid, brski request,
/// est cacerts / enroll / reenroll / serverkeygen, each reading the files the one before wrote.
/// </summary>
public sealed class DeviceCliTests(DeviceListenerFixture app) : IClassFixture<DeviceListenerFixture>, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("devicetrust-cli-");
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private IServiceProvider Services => app.Factory.Services;
    private DomainPki Pki => Services.GetRequiredService<DomainPki>();
    private string Https => app.Https.GetLeftPart(UriPartial.Authority);

    private string FileOf(string name) => Path.Combine(_directory.FullName, name);

    private static string NewSerial(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";

    private sealed record Run(int ExitCode, string Output, string Error);

    private async Task<Run> RunAsync(params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CliApplication.RunAsync(arguments, new InvocationConfiguration { Output = output, Error = error }, cancellationToken: Ct);
        return new Run(exitCode, output.ToString(), error.ToString());
    }

    private static void AssertExit(int expected, Run run) =>
        Assert.True(expected == run.ExitCode, $"exit {run.ExitCode}, expected {expected}\nstdout:\n{run.Output}\nstderr:\n{run.Error}");

    /// <summary>A security officer's API token, created through the real sign-in and token API.</summary>
    private async Task<string> OfficerTokenAsync()
    {
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.Http };
        await BrowserlessClient.SignInAsync(browser, "security", DeviceTrustWebFactory.Password);
        var response = await browser.PostAsJsonAsync("/api/v1/me/tokens", new { name = "cli-test", expiresInDays = 1 }, Ct);
        return (await response.Content.ReadFromJsonAsync<CreatedApiToken>(ApiTestHelpers.Json, Ct))!.Token;
    }

    [Fact]
    public async Task Simulate_SeedDevicesKeptForManualBootstrap_BootstrapAndStreamTelemetry()
    {
        // KUMO-M7-NEW-* are seeded Manufactured and left to bootstrap by hand (the hosted simulator is off here anyway).
        string[] serials = ["KUMO-M7-NEW-00001", "KUMO-M7-NEW-00002"];
        var output = new StringWriter();
        var error = new StringWriter();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var request = new SimulateRequest(app.Https, app.Http, await OfficerTokenAsync(), serials.Length)
        {
            SerialPrefix = "KUMO-M7-NEW",
            Interval = TimeSpan.FromMilliseconds(200),
        };

        // The seed files are found from the working directory, as from the repository.
        var simulate = new SimulateRunner(output, error, null, AppContext.BaseDirectory).RunAsync(request, run.Token);
        await Wait.UntilAsync(async () =>
        {
            await using var db = await Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
            var devices = await db.Devices.Where(d => serials.Contains(d.SerialNumber)).ToListAsync(Ct);
            return devices.Count == serials.Length && devices.All(d => d.State == DeviceState.Operational && d.LatestTelemetry is not null);
        }, "both seed devices bootstrapped and sent telemetry");
        await run.CancelAsync();
        var exitCode = await simulate;

        Assert.True(exitCode == ExitCodes.Success, $"exit {exitCode}\nstdout:\n{output}\nstderr:\n{error}");
        Assert.Contains("2 connected", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevIdevidBrskiRequestAndEst_ChainedThroughTheirFiles_EnrollAndRenewTheDevice()
    {
        var serial = NewSerial("KUMO-M7-CLI");
        await Services.GetRequiredService<RegisterDeviceHandler>().HandleAsync(new RegisterDeviceRequest(serial, "Kumo Meter M7", "Kumo Devices"), TestPledge.Officer, Ct);
        string[] trust = ["--server", Https, "--trust", FileOf("domain-ca.pem")];

        AssertExit(0, await RunAsync("dev", "idevid", "--server", app.Http.ToString(), "--token", await OfficerTokenAsync(),
            "--manufacturer", "Kumo Devices", "--serial", serial, "--out-dir", _directory.FullName));
        var brski = await RunAsync("brski", "request", "--server", Https, "--cert", FileOf("idevid.pem"), "--key", FileOf("idevid.key.pem"),
            "--masa-cert", FileOf("masa.pem"), "--out", FileOf("voucher.cms"), "--domain-ca-out", FileOf("domain-ca.pem"));
        AssertExit(0, brski);
        AssertExit(0, await RunAsync("voucher", "inspect", FileOf("voucher.cms"), "--trust", FileOf("masa.pem")));
        AssertExit(0, await RunAsync(["est", "cacerts", .. trust, "--out", FileOf("cacerts.pem")]));
        AssertExit(0, await RunAsync(["est", "enroll", .. trust, "--cert", FileOf("idevid.pem"), "--key", FileOf("idevid.key.pem"),
            "--new-key-out", FileOf("ldevid.key.pem"), "--out", FileOf("ldevid.pem")]));
        AssertExit(0, await RunAsync(["est", "reenroll", .. trust, "--cert", FileOf("ldevid.pem"), "--key", FileOf("ldevid.key.pem"), "--out", FileOf("renewed.pem")]));
        AssertExit(0, await RunAsync(["est", "serverkeygen", .. trust, "--cert", FileOf("renewed.pem"), "--key", FileOf("ldevid.key.pem"),
            "--key-out", FileOf("server.key.pem"), "--out", FileOf("server.pem")]));

        Assert.Contains("voucher_status: accepted by the registrar", brski.Output, StringComparison.Ordinal);
        Assert.Equal(Pki.Root.Certificate.RawData, X509Certificate2.CreateFromPem(File.ReadAllText(FileOf("domain-ca.pem"))).RawData);
        var caCertificates = new X509Certificate2Collection();
        caCertificates.ImportFromPem(File.ReadAllText(FileOf("cacerts.pem")));
        Assert.Equal(2, caCertificates.Count);
        foreach (var (certificate, key) in new[] { ("ldevid.pem", "ldevid.key.pem"), ("renewed.pem", "ldevid.key.pem"), ("server.pem", "server.key.pem") })
        {
            using var issued = X509Certificate2.CreateFromPemFile(FileOf(certificate), FileOf(key));
            Assert.Equal(serial, DeviceCertificateFields.SubjectSerialNumber(issued));
            Assert.True(ChainValidator.Validate(issued, Pki.Root.Certificate, DateTimeOffset.UtcNow, caCertificates).IsValid, certificate);
        }
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FileOf("ldevid.key.pem")));
    }

    [Fact]
    public async Task BrskiRequest_WithTheWrongMasaCertificate_RefusesTheVoucherAndExitsNotVerified()
    {
        using var pledge = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-CLM"));
        File.WriteAllText(FileOf("idevid.pem"), pledge.Idevid.ExportCertificatePem());
        using (var key = pledge.Idevid.GetECDsaPrivateKey()!)
            File.WriteAllText(FileOf("idevid.key.pem"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(FileOf("wrong-masa.pem"), pledge.IdevidCa.ExportCertificatePem());

        var run = await RunAsync("brski", "request", "--server", Https, "--cert", FileOf("idevid.pem"), "--key", FileOf("idevid.key.pem"),
            "--masa-cert", FileOf("wrong-masa.pem"), "--out", FileOf("voucher.cms"), "--domain-ca-out", FileOf("domain-ca.pem"));

        AssertExit(ExitCodes.NotVerified, run);
        Assert.Contains("does not chain", run.Error, StringComparison.Ordinal);
        Assert.Contains("reported to the registrar", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(FileOf("voucher.cms")));
    }

    [Fact]
    public async Task EstCaCerts_TrustingAnotherRoot_ExitsNotVerified()
    {
        var other = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Not The Domain Root"), TimeSpan.FromDays(1), TimeProvider.System);
        File.WriteAllText(FileOf("other-root.pem"), other.ExportCertificatePem());

        var run = await RunAsync("est", "cacerts", "--server", Https, "--trust", FileOf("other-root.pem"));

        AssertExit(ExitCodes.NotVerified, run);
        Assert.Contains("TLS: server certificate 'CN=DeviceTrust Registrar", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EstEnroll_IdevidWithoutVoucher_IsRefusedAfterTheInsecureWarnings()
    {
        using var pledge = await TestPledge.CreateAsync(Services, NewSerial("KUMO-M7-CLN"));
        File.WriteAllText(FileOf("idevid.pem"), pledge.Idevid.ExportCertificatePem());
        using (var key = pledge.Idevid.GetECDsaPrivateKey()!)
            File.WriteAllText(FileOf("idevid.key.pem"), key.ExportPkcs8PrivateKeyPem());

        var run = await RunAsync("est", "enroll", "--server", Https, "--insecure", "--cert", FileOf("idevid.pem"), "--key", FileOf("idevid.key.pem"),
            "--new-key-out", FileOf("ldevid.key.pem"));

        AssertExit(ExitCodes.Refused, run);
        Assert.Contains("simpleenroll refused: HTTP 403", run.Error, StringComparison.Ordinal);
        Assert.Contains("WARNING: --insecure", run.Error, StringComparison.Ordinal);
        Assert.Contains($"SHA-256 {Pki.RegistrarTlsCertificate.GetCertHashString(HashAlgorithmName.SHA256)}", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(FileOf("ldevid.key.pem")));
    }

    [Fact]
    public async Task DevIdevid_UnknownManufacturer_ExitsRefused()
    {
        var run = await RunAsync("dev", "idevid", "--server", app.Http.ToString(), "--token", await OfficerTokenAsync(),
            "--manufacturer", "Nobody Inc", "--serial", "NOBODY-1", "--out-dir", _directory.FullName);

        AssertExit(ExitCodes.Refused, run);
        Assert.Contains("HTTP 404", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(FileOf("idevid.key.pem")));
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
