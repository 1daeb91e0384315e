using DeviceTrust.Cli.Simulate;
using DeviceTrust.Cli.Tests.Infrastructure;
using DeviceTrust.Cli.Tests.Network;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Device;

namespace DeviceTrust.Cli.Tests.Simulate;

/// <summary>
/// The runner against a real TLS device hub (<see cref="DeviceHubServer"/>), its devices' enrollment stood in for by a
/// <see cref="TestCredentialSource"/>: BRSKI and EST against the real server are tested in DeviceTrust.Web.Tests.
/// </summary>
public sealed class SimulateRunnerTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly TestDomain _domain = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_EnrolledDevices_StreamWithTheirLdevidsAndExitZero()
    {
        using var workspace = new SeedWorkspace();
        await using var hub = await DeviceHubServer.StartAsync(_domain);
        var credentials = TestCredentialSource.EnrollingIn(_domain);
        var (runner, output, error) = Runner(workspace.WorkingDirectory, credentials);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var run = runner.RunAsync(Request(hub.Url, devices: 3), stop.Token);
        await Wait.UntilAsync(() => hub.Log.Readings.Count == 3, "three devices reported telemetry");
        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(Guard, Ct);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(["LAB-NEW-00001", "LAB-T1-00001", "LAB-T1-00002"], hub.Log.Readings.Keys.Order());
        Assert.Empty(hub.Log.Rejections);
        Assert.Equal(["Acme Sensors", "Acme Sensors", "Kumo Devices"], credentials.Asked.Select(d => d.Manufacturer).Order());
        Assert.Contains("Simulated 3 devices", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("3 connected, 0 enrolling, 0 connecting, 0 rejected", output.ToString(), StringComparison.Ordinal);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task RunAsync_SerialPrefix_RunsOnlyThoseDevices()
    {
        using var workspace = new SeedWorkspace();
        await using var hub = await DeviceHubServer.StartAsync(_domain);
        var (runner, _, _) = Runner(workspace.WorkingDirectory, TestCredentialSource.EnrollingIn(_domain));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var run = runner.RunAsync(Request(hub.Url, devices: 2) with { SerialPrefix = "LAB-G2" }, stop.Token);
        await Wait.UntilAsync(() => hub.Log.Readings.Count == 2, "two devices reported telemetry");
        await stop.CancelAsync();
        await run.WaitAsync(Guard, Ct);

        Assert.Equal(["LAB-G2-00001", "LAB-G2-00002"], hub.Log.Readings.Keys.Order());
    }

    [Fact]
    public async Task RunAsync_EveryDeviceRefusedEnrollment_StopsByItselfWithAllRejectedAndWhy()
    {
        using var workspace = new SeedWorkspace();
        var credentials = new TestCredentialSource((device, _) =>
            throw new DeviceRefusedException($"Refused: requestvoucher: HTTP 403: {device.Serial} began bootstrapping with a different IDevID"));
        var (runner, output, error) = Runner(workspace.WorkingDirectory, credentials);

        var exitCode = await runner.RunAsync(Request(new Uri(NetworkCli.ClosedPortUrl()), devices: 2), Ct).WaitAsync(Guard, Ct);

        Assert.Equal(ExitCodes.AllDevicesRejected, exitCode);
        Assert.Contains("0 connected, 0 enrolling, 0 connecting, 2 rejected", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("  rejected (2 devices, e.g. LAB-T1-00001): Refused: requestvoucher: HTTP 403: <serial> began bootstrapping",
            output.ToString(), StringComparison.Ordinal);
        Assert.Contains("error: the server rejected every device: Refused: requestvoucher", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("hint: without --state", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UntrustedCertificateFault_HubRefusesEveryDeviceAndSaysSo()
    {
        using var workspace = new SeedWorkspace();
        await using var hub = await DeviceHubServer.StartAsync(_domain);
        var (runner, output, error) = Runner(workspace.WorkingDirectory, TestCredentialSource.EnrollingIn(_domain));

        var exitCode = await runner
            .RunAsync(Request(hub.Url, devices: 2) with { Faults = new FaultInjection { UntrustedCertificate = true } }, Ct)
            .WaitAsync(Guard, Ct);

        Assert.Equal(ExitCodes.AllDevicesRejected, exitCode);
        Assert.Equal(["LAB-T1-00001", "LAB-T1-00002"], hub.Log.Rejections.Keys.Order());
        Assert.Empty(hub.Log.Readings);
        Assert.Contains("rejected (2 devices, e.g. LAB-T1-00001): the hub refused the client certificate", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("error: the server rejected every device: the hub refused the client certificate", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hint:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EnrollmentFailingForNow_KeepsTheDeviceEnrollingAndReportsWhy()
    {
        using var workspace = new SeedWorkspace();
        var credentials = new TestCredentialSource((_, _) => throw new HttpRequestException("registrar unreachable"));
        var (runner, output, _) = Runner(workspace.WorkingDirectory, credentials);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var run = runner.RunAsync(Request(new Uri(NetworkCli.ClosedPortUrl()), devices: 1), stop.Token);
        // The device records the problem before it waits to try again.
        await Wait.UntilAsync(() => credentials.Calls >= 2, "the device tried to enroll again");
        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(Guard, Ct);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("0 connected, 1 enrolling", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("  enrolling (LAB-T1-00001): registrar unreachable", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WithoutCredentialSource_MintsEachIdevidThroughTheDevelopmentApiAsTheToken()
    {
        using var workspace = new SeedWorkspace();
        await using var api = await FakeDevApi.StartAsync();
        var (runner, output, _) = Runner(workspace.WorkingDirectory, credentials: null);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        // No registrar listens: the device gets its IDevID, then stays enrolling.
        var request = Request(new Uri(NetworkCli.ClosedPortUrl()), devices: 1) with { Api = api.Url, SerialPrefix = "LAB-NEW" };
        var run = runner.RunAsync(request, stop.Token);
        await Wait.UntilAsync(() => !api.Calls.IsEmpty, "the device asked for its IDevID");
        await stop.CancelAsync();
        await run.WaitAsync(Guard, Ct);

        var call = Assert.Single(api.Calls);
        Assert.Equal("/api/v1/dev/manufacturers/Kumo%20Devices/idevids", call.Path);
        Assert.Equal("Bearer dt_test", call.Authorization);
        Assert.Equal("LAB-NEW-00001", call.Body.GetProperty("serialNumber").GetString());
        Assert.Contains($"IDevIDs from {api.Url}, BRSKI and EST at {request.Server}", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 enrolling", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StateDirectory_CreatesItForTheOwnerOnlyAndSaysWhatItHolds()
    {
        using var workspace = new SeedWorkspace();
        var state = workspace.PathOf("state");
        var credentials = new TestCredentialSource((device, _) => throw new DeviceRefusedException("no"));
        var (runner, output, error) = Runner(workspace.WorkingDirectory, credentials);

        await runner.RunAsync(Request(new Uri(NetworkCli.ClosedPortUrl()), devices: 1) with { StateDirectory = state }, Ct).WaitAsync(Guard, Ct);

        Assert.True(Directory.Exists(state));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(state));
        Assert.Contains($"private keys, unencrypted) in {state}", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hint:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MoreDevicesThanTheSeedDefines_ExitsMalformedInput()
    {
        using var workspace = new SeedWorkspace();
        var (runner, _, error) = Runner(workspace.WorkingDirectory, TestCredentialSource.EnrollingIn(_domain));

        var exitCode = await runner.RunAsync(Request(new Uri(NetworkCli.ClosedPortUrl()), devices: SeedWorkspace.DeviceCount + 1), Ct);

        Assert.Equal(ExitCodes.MalformedInput, exitCode);
        Assert.Contains($"--devices {SeedWorkspace.DeviceCount + 1} is more than the {SeedWorkspace.DeviceCount} devices",
            error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoSettingsFileAndNoSeedData_ExitsMalformedInput()
    {
        using var workspace = new SeedWorkspace(withSettings: false);
        var (runner, _, error) = Runner(workspace.WorkingDirectory, TestCredentialSource.EnrollingIn(_domain));

        var exitCode = await runner.RunAsync(Request(new Uri(NetworkCli.ClosedPortUrl()), devices: 1), Ct);

        Assert.Equal(ExitCodes.MalformedInput, exitCode);
        Assert.Contains("No --seed-data given", error.ToString(), StringComparison.Ordinal);
    }

    private static SimulateRequest Request(Uri server, int devices) =>
        new(server, new Uri("http://127.0.0.1:1"), "dt_test", devices) { Interval = TimeSpan.FromMilliseconds(50) };

    private static (SimulateRunner Runner, StringWriter Output, StringWriter Error) Runner(string workingDirectory,
        IDeviceCredentialSource? credentials)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var runner = new SimulateRunner(TextWriter.Synchronized(output), TextWriter.Synchronized(error), liveConsole: null, workingDirectory)
        {
            CredentialSource = credentials,
        };
        return (runner, output, error);
    }
}
