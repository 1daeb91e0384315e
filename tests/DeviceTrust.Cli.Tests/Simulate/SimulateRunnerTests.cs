using DeviceTrust.Cli.Simulate;
using DeviceTrust.Cli.Tests.Infrastructure;

namespace DeviceTrust.Cli.Tests.Simulate;

public sealed class SimulateRunnerTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_DefaultsFromDevelopmentSettings_RunsFirstInServiceDevicesAndExitsZero()
    {
        using var workspace = new SeedWorkspace();
        await using var server = await DeviceHubServer.StartAsync(SeedWorkspace.FleetSecret);
        var (runner, output, error) = Runner(workspace.WorkingDirectory);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var run = runner.RunAsync(Request(server.Url, devices: 3), stop.Token);
        await WaitUntilAsync(() => server.Log.Readings.Count == 3, "three devices reported telemetry");
        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(["LAB-G2-00001", "LAB-T1-00001", "LAB-T1-00002"], server.Log.Readings.Keys.Order());
        Assert.Contains("Simulated 3 devices", output.ToString(), StringComparison.Ordinal);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task RunAsync_WrongFleetSecret_StopsByItselfWithAllRejected()
    {
        using var workspace = new SeedWorkspace();
        await using var server = await DeviceHubServer.StartAsync(SeedWorkspace.FleetSecret);
        var (runner, output, error) = Runner(workspace.WorkingDirectory);

        var exitCode = await runner
            .RunAsync(
                Request(server.Url, devices: 2) with { FleetSecret = "wrong" }, TestContext.Current.CancellationToken)
            .WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.AllDevicesRejected, exitCode);
        Assert.Equal(1, server.Log.Rejections["LAB-T1-00001"]);
        Assert.Contains("2 rejected", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("rejected every device", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MoreDevicesThanTheSeedDefines_ExitsCannotStart()
    {
        using var workspace = new SeedWorkspace();
        var (runner, _, error) = Runner(workspace.WorkingDirectory);

        var exitCode = await runner.RunAsync(
            Request(new Uri("http://127.0.0.1:1"), devices: 5), TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.CannotStart, exitCode);
        Assert.Contains(
            "--devices 5 is more than the 4 in-service devices", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoSettingsFileAndNoFleetSecret_ExitsCannotStart()
    {
        using var workspace = new SeedWorkspace(withSettings: false);
        var (runner, _, error) = Runner(workspace.WorkingDirectory);

        var exitCode = await runner.RunAsync(
            Request(new Uri("http://127.0.0.1:1"), devices: 1) with { SeedDataDirectory = workspace.SeedDataDirectory },
            TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.CannotStart, exitCode);
        Assert.Contains("--fleet-secret", error.ToString(), StringComparison.Ordinal);
    }

    private static SimulateRequest Request(Uri server, int devices) => new(
        server, devices, FleetSecret: null, SeedDataDirectory: null, TimeSpan.FromMilliseconds(50),
        Duration: null, DropRate: 0, MalformedRate: 0);

    private static (SimulateRunner Runner, StringWriter Output, StringWriter Error) Runner(string workingDirectory)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var runner = new SimulateRunner(
            TextWriter.Synchronized(output), TextWriter.Synchronized(error), liveConsole: null, workingDirectory);
        return (runner, output, error);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string description)
    {
        using var expired = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        expired.CancelAfter(Guard);
        while (!condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), expired.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting until {description}.");
            }
        }
    }
}
