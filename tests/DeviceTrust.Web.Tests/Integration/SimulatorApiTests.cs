using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using DeviceTrust.Application.Attestation.ReferenceValues;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Simulator.Attestation;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Hosting;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Integration;

/// <summary>
/// The app with its hosted simulator on: the DEV-ONLY simulator API (set and read a running device's faults), and the
/// simulated devices attesting for real, over mutual TLS to the verifier, their keys endorsed through x5chain and their
/// images matching the reference values the simulator published.
/// </summary>
public sealed class SimulatorApiTests(SimulatorApiTests.SimulatorApp app) : IClassFixture<SimulatorApiTests.SimulatorApp>
{
    // The devices the hosted simulator runs (the seed's first Acme Thermo T1s; gateways wait for an operator).
    private const string AttestingSerial = "ACME-T1-OSK-00001";
    private const string FaultySerial = "ACME-T1-OSK-00002";
    private const string QuietSerial = "ACME-T1-TKY-00001";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string FaultsPath(string serial) => $"/api/v1/simulator/devices/{serial}/faults";

    [Fact]
    public async Task Get_RunningDevice_ItsFaultsAndSnapshot()
    {
        using var operatorClient = await app.SignedInAsync("operator");

        var listed = await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/simulator/devices", Ct);
        var view = await operatorClient.GetFromJsonAsync<JsonElement>(FaultsPath(FaultySerial), Ct);

        Assert.Equal([AttestingSerial, FaultySerial, QuietSerial], listed.EnumerateArray().Select(d => d.GetProperty("serial").GetString()));
        Assert.Equal(FaultySerial, view.GetProperty("serial").GetString());
        Assert.Equal(FaultySerial, view.GetProperty("device").GetProperty("serial").GetString());
        Assert.True(view.GetProperty("device").TryGetProperty("attestation", out _));
        Assert.False(view.GetProperty("faults").GetProperty("tamperedDigest").GetBoolean());
        Assert.Contains("/api/v1/simulator/devices/{serial}/faults", await operatorClient.GetStringAsync("/openapi/v1.json", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_Faults_TheRunningDeviceShowsThemAndTheChangeIsAudited()
    {
        using var officer = await app.SignedInAsync("security");
        try
        {
            using var put = await officer.PutAsync(FaultsPath(FaultySerial), Json("""{"debugEnabled": true, "lateAnswer": true, "dropRate": 0.25}"""), Ct);

            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
            Assert.Equal(new FaultInjection { DebugEnabled = true, LateAnswer = true, DropRate = 0.25 }, app.Simulation.Find(FaultySerial)!.Faults);
            var faults = (await officer.GetFromJsonAsync<JsonElement>(FaultsPath(FaultySerial), Ct)).GetProperty("faults");
            Assert.True(faults.GetProperty("debugEnabled").GetBoolean());
            Assert.Equal(0.25, faults.GetProperty("dropRate").GetDouble());
            var entry = Assert.Single(await AuditAsync(FaultySerial));
            Assert.Equal("user:security", entry.Actor);
            var details = JsonDocument.Parse(entry.Details).RootElement;
            Assert.False(details.GetProperty("from").GetProperty("debugEnabled").GetBoolean());
            Assert.True(details.GetProperty("to").GetProperty("debugEnabled").GetBoolean());

            // What GET shows can be put back as it is, computed members included.
            using var again = await officer.PutAsync(FaultsPath(FaultySerial), Json(faults.GetRawText()), Ct);
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        }
        finally
        {
            app.Simulation.Find(FaultySerial)!.Faults = FaultInjection.None;
        }
    }

    public static TheoryData<string, string> BadFaults => new()
    {
        { """{"dropRate": 2}""", "dropRate" },
        { """{"malformedRate": -0.5}""", "malformedRate" },
        { """{"tamperedDigest": "yes"}""", "tamperedDigest" },
        { """{"tamperdDigest": true}""", "body" },
        { "null", "body" },
        { "[true]", "body" },
    };

    [Theory]
    [MemberData(nameof(BadFaults))]
    public async Task Put_BadValues_400ProblemDetailsNamingTheFieldAndNothingChanges(string body, string field)
    {
        using var officer = await app.SignedInAsync("security");
        var audited = (await AuditAsync(AttestingSerial)).Count;

        using var response = await officer.PutAsync(FaultsPath(AttestingSerial), Json(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiTestHelpers.ProblemAsync(response);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _) || field == "body", errors.GetRawText());
        Assert.Equal(FaultInjection.None, app.Simulation.Find(AttestingSerial)!.Faults);
        Assert.Equal(audited, (await AuditAsync(AttestingSerial)).Count);
    }

    [Fact]
    public async Task PutAndGet_SerialTheSimulatorDoesNotRun_404()
    {
        using var officer = await app.SignedInAsync("security");

        using var put = await officer.PutAsync(FaultsPath("KUMO-M7-NEW-00001"), Json("{}"), Ct);
        using var get = await officer.GetAsync(FaultsPath("NO-SUCH-00001"), Ct);

        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Contains("KUMO-M7-NEW-00001", (await ApiTestHelpers.ProblemAsync(put)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auditor_403_Anonymous_401_AndNothingChanges()
    {
        using var auditor = await app.SignedInAsync("auditor");
        using var anonymous = app.Client();

        using var byAuditor = await auditor.PutAsync(FaultsPath(AttestingSerial), Json("""{"tamperedDigest": true}"""), Ct);
        using var readByAuditor = await auditor.GetAsync(FaultsPath(AttestingSerial), Ct);
        using var byAnonymous = await anonymous.PutAsync(FaultsPath(AttestingSerial), Json("""{"tamperedDigest": true}"""), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, byAuditor.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readByAuditor.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, byAnonymous.StatusCode);
        Assert.Equal(FaultInjection.None, app.Simulation.Find(AttestingSerial)!.Faults);
    }

    [Fact]
    public async Task SimulatedDevice_AttestsItselfOverMutualTls_AffirmingThenContraindicatedWithATamperedDigest()
    {
        var device = await Wait.ForAsync(() => Task.FromResult(app.Simulation.Find(AttestingSerial) is { Status: DeviceStatus.Connected } d ? d : null),
            $"{AttestingSerial} bootstrapped and connected");
        using var officer = await app.SignedInAsync("security");
        try
        {
            var affirming = await device.AttestAsync(Ct);

            Assert.True(affirming.Verdict == "affirming", $"{affirming} {await ReasonsAsync(affirming)}");
            Assert.Equal((AttestationAnswer.Appraised, 200, "complete"), (affirming.Answer, affirming.HttpStatus, affirming.SessionStatus));
            // Its key was unknown until its x5chain endorsed it, once, whether this or the hub's ask bound it first.
            Assert.Equal(AttestationKeyOrigin.Endorsed, Assert.Single(await KeysAsync(AttestingSerial)).Origin);
            var published = await app.Factory.Services.GetRequiredService<ReferenceValueQueries>().ListAsync(firmwareVersion: "1.4.2", cancellationToken: Ct);
            Assert.Contains(published, r => r is { DeviceClass: "Acme Thermo T1", Component: "firmware", AddedBy: "system" }
                                            && r.Digest == Convert.ToHexStringLower(SimulatedFirmware.ImageDigest("firmware", "1.4.2")));

            using var put = await officer.PutAsync(FaultsPath(AttestingSerial), Json("""{"tamperedDigest": true}"""), Ct);
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
            var tampered = await device.AttestAsync(Ct);

            Assert.True(tampered.Verdict == "contraindicated", $"{tampered} {await ReasonsAsync(tampered)}");
            Assert.Equal([nameof(FaultInjection.TamperedDigest)], tampered.Faults);
            Assert.Contains("differs from the reference value", await ReasonsAsync(tampered), StringComparison.Ordinal);
            var shown = (await officer.GetFromJsonAsync<JsonElement>(FaultsPath(AttestingSerial), Ct)).GetProperty("device").GetProperty("attestation");
            Assert.Equal("contraindicated", shown.GetProperty("last").GetProperty("verdict").GetString());
        }
        finally
        {
            device.Faults = FaultInjection.None;
        }
    }

    [Fact]
    public async Task HostedSimulator_ServerAsksOverTheHubOnConnection_TheDeviceAnswersAndEntersServiceAffirming()
    {
        var outcome = await Wait.ForAsync(() => Task.FromResult(app.Simulation.Find(QuietSerial)?.GetSnapshot().Attestation?.Last),
            $"{QuietSerial} answered the server's Attest request");

        Assert.Equal((AttestationAnswer.Appraised, "affirming"), (outcome.Answer, outcome.Verdict));
        await Wait.UntilAsync(async () => await StateAsync(QuietSerial) == DeviceState.Operational, $"{QuietSerial} entered service");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<List<Domain.Audit.AuditEntry>> AuditAsync(string serial)
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.SimulatorFaultsChanged && e.TargetId == serial).ToListAsync(Ct);
    }

    private async Task<List<AttestationKey>> KeysAsync(string serial)
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        var deviceId = await db.Devices.Where(d => d.SerialNumber == serial).Select(d => d.Id).SingleAsync(Ct);
        var keys = await db.AttestationKeys.AsNoTracking().Where(k => k.DeviceId == deviceId).ToListAsync(Ct);
        Assert.NotEmpty(keys);
        return keys;
    }

    private async Task<DeviceState> StateAsync(string serial)
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        return await db.Devices.Where(d => d.SerialNumber == serial).Select(d => d.State).SingleAsync(Ct);
    }

    /// <summary>The verifier's reasons for the session's appraisal, for the assertion messages.</summary>
    private async Task<string> ReasonsAsync(AttestationOutcome outcome)
    {
        var sessionId = Guid.Parse(outcome.Session[VerifierApi.SessionPathPrefix.Length..]);
        await using var db = await app.Factory.Services.GetRequiredService<IDeviceTrustDbContextFactory>().CreateAsync(Ct);
        return await db.AttestationAppraisals.AsNoTracking().Where(a => a.SessionId == sessionId).Select(a => a.Reasons).SingleOrDefaultAsync(Ct) ?? "(no appraisal)";
    }

    /// <summary>
    /// The real app with the hosted simulator on, playing three of the seed's devices against its own device listener (a
    /// fixed loopback port, so the simulator's ServerUrl can name it before the app starts), with a fresh SQLite file.
    /// </summary>
    public sealed class SimulatorApp : IAsyncLifetime
    {
        public WebApplicationFactory<Program> Factory { get; } = new SimulatorAppFactory();

        public RunningSimulation Simulation => Factory.Services.GetRequiredService<RunningSimulation>();

        private Uri Http => Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).Single(a => a.Scheme == Uri.UriSchemeHttp);

        public HttpClient Client() =>
            new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = Http };

        public async Task<HttpClient> SignedInAsync(string user)
        {
            var client = Client();
            await BrowserlessClient.SignInAsync(client, user, DeviceTrustWebFactory.Password);
            return client;
        }

        public async ValueTask InitializeAsync()
        {
            Factory.StartServer();
            await Wait.UntilAsync(() => Simulation.IsRunning, "the hosted simulator started its devices");
        }

        public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
    }

    private sealed class SimulatorAppFactory : WebApplicationFactory<Program>
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("devicetrust-simulator-api-").FullName;
        private readonly int _devicePort = FreeLoopbackPort();

        public SimulatorAppFactory() => UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, _devicePort, listen => listen.UseHttps());
        });

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:DeviceTrust", $"Data Source={Path.Combine(_directory, "web.db")}");
            builder.UseSetting("Seed:Enabled", "true");
            builder.UseSetting("Seed:MaxDevicesPerFleet", "2");
            builder.UseSetting("Seed:DevPassword", DeviceTrustWebFactory.Password);
            builder.UseSetting("Fleet:BatchWindowMilliseconds", "20");
            builder.UseSetting("Brski:SimulateManufacturers", "true");
            builder.UseSetting("Brski:RetryAfterSeconds", "1");
            builder.UseSetting("Simulator:Enabled", "true");
            builder.UseSetting("Simulator:ServerUrl", $"https://127.0.0.1:{_devicePort}");
            builder.UseSetting("Simulator:StateDirectory", "");
            builder.UseSetting("Simulator:MaxDevices", "3");
            builder.UseSetting("Simulator:TelemetryIntervalSeconds", "1");
            builder.UseSetting("Simulator:ExcludeSerialPrefixes:0", "KUMO-M7-NEW");
            builder.UseSetting("Simulator:ExcludeSerialPrefixes:1", "ACME-G2");
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a finishing background task; the temp folder is cleaned by the OS.
            }
        }

        private static int FreeLoopbackPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
