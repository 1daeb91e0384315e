using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Tests.Infrastructure;

namespace DeviceTrust.Simulator.Tests.Device;

/// <summary>How a device gets its credential, and what it trusts the server with.</summary>
public sealed class SimulatedDeviceEnrollmentTests
{
    private const string Serial = "ACME-T1-ENR-00001";

    [Fact]
    public async Task RunAsync_EnrollmentRefused_EndsRejectedWithProblemAndNeverNegotiates()
    {
        const string Witness = "ACME-T1-ENR-00002";
        const string Reason = "Refused: IDevID issuer is not a trusted manufacturer";
        await using var server = await TestDeviceServer.StartAsync();
        var credentials = server.NewCredentials();
        credentials.Refuse(Serial, Reason);
        var settings = DeviceFixtures.Settings(server.Url, credentials);
        var refused = new SimulatedDevice(DeviceFixtures.Spec(Serial), settings, 1);
        var witness = new SimulatedDevice(DeviceFixtures.Spec(Witness), settings, 2);

        await using (var refusedRun = DeviceRun.Start(refused))
        await using (var witnessRun = DeviceRun.Start(witness))
        {
            await Wait.UntilAsync(() => refused.Status == DeviceStatus.Rejected, "the device was rejected");

            // Twenty readings of the witness span many retry delays; a retrying device would ask again meanwhile.
            var readings = server.Recorder.Telemetry(Witness).Count;
            await Wait.UntilAsync(
                () => server.Recorder.Telemetry(Witness).Count >= readings + 20, "the witness sent twenty readings");
        }

        var snapshot = refused.GetSnapshot();
        Assert.Equal(DeviceStatus.Rejected, snapshot.Status);
        Assert.Equal(Reason, snapshot.Problem);
        Assert.Equal(1, credentials.Calls(Serial));
        Assert.Equal(0, server.Recorder.Negotiations(Serial));
        Assert.Equal(0, snapshot.MessagesSent);
    }

    [Fact]
    public async Task RunAsync_EnrollmentFailsTransiently_RetriesThenConnects()
    {
        await using var server = await TestDeviceServer.StartAsync();
        var credentials = server.NewCredentials();
        credentials.FailTransiently(Serial, 2);
        var device = new SimulatedDevice(DeviceFixtures.Spec(Serial), DeviceFixtures.Settings(server.Url, credentials), 3);
        await using var run = DeviceRun.Start(device);

        await Wait.UntilAsync(
            () => server.Recorder.Telemetry(Serial).Count >= 1 && device.Status == DeviceStatus.Connected, "the device connected and sent a reading");

        Assert.Equal(3, credentials.Calls(Serial));
        Assert.Null(device.GetSnapshot().Problem);
    }

    [Fact]
    public async Task RunAsync_EnrollmentUnavailable_StaysEnrollingUntilItSucceeds()
    {
        await using var server = await TestDeviceServer.StartAsync();
        var credentials = server.NewCredentials();
        credentials.FailTransiently(Serial, int.MaxValue);
        var device = new SimulatedDevice(DeviceFixtures.Spec(Serial), DeviceFixtures.Settings(server.Url, credentials), 4);
        await using var run = DeviceRun.Start(device);

        await Wait.UntilAsync(() => credentials.Calls(Serial) >= 3, "the device asked three times");
        var waiting = device.GetSnapshot();
        Assert.Equal(DeviceStatus.Enrolling, waiting.Status);
        Assert.Equal(TestCredentials.TransientFailure, waiting.Problem);
        Assert.Equal(0, server.Recorder.Negotiations(Serial));

        credentials.FailTransiently(Serial, 0);
        await Wait.UntilAsync(
            () => server.Recorder.Telemetry(Serial).Count >= 1 && device.Status == DeviceStatus.Connected, "the device connected and sent a reading");
        Assert.Null(device.GetSnapshot().Problem);
    }

    [Fact]
    public async Task Faults_ProvisioningFaultCleared_EnrollsAgainAndConnects()
    {
        await using var server = await TestDeviceServer.StartAsync();
        var credentials = server.NewCredentials();
        var faults = new FaultInjection { UnknownManufacturer = true };
        var device = new SimulatedDevice(DeviceFixtures.Spec(Serial), DeviceFixtures.Settings(server.Url, credentials), 5, faults);
        await using var run = DeviceRun.Start(device);
        await Wait.UntilAsync(() => device.Status == DeviceStatus.Rejected, "the device was refused");
        Assert.Equal(TestCredentials.ProvisioningFaultRefusal, device.GetSnapshot().Problem);

        device.Faults = FaultInjection.None;

        await Wait.UntilAsync(
            () => server.Recorder.Telemetry(Serial).Count >= 1 && device.Status == DeviceStatus.Connected, "the device connected and sent a reading");
        Assert.Equal(2, credentials.Calls(Serial));
    }

    [Fact]
    public async Task RunAsync_ServerCertificateNotChainingToTheTrustAnchor_NeverConnects()
    {
        const int Attempts = 4;
        await using var server = await TestDeviceServer.StartAsync();
        // The device's LDevID is one the server accepts; only the anchor it judges the server by is another domain's.
        var credentials = new TestCredentials(server.Ca, server.Accept) { TrustAnchorFrom = new TestCa("Another Domain Root") };
        // Retry delays are the only timers a device that never connects sets: each one is a failed attempt, and the
        // clock only moves when the test lets the next attempt through.
        var time = new TimerCountingTimeProvider(DateTimeOffset.UtcNow);
        var settings = DeviceFixtures.Settings(server.Url, credentials) with { TimeProvider = time };
        var device = new SimulatedDevice(DeviceFixtures.Spec(Serial), settings, 6);

        await using (var run = DeviceRun.Start(device))
        {
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                await Wait.UntilAsync(() => time.TimersCreated == attempt, $"attempt {attempt} failed");
                Assert.Equal(DeviceStatus.Connecting, device.Status);
                if (attempt < Attempts)
                    time.Advance(settings.MaxRetryDelay);
            }
        }

        // Every attempt was a TLS connection the device broke off before sending a request: nothing reached the hub.
        Assert.Equal(Attempts, server.Recorder.TlsHandshakes);
        Assert.Equal(0, server.Recorder.Requests);
        Assert.Empty(server.Recorder.Calls(Serial));
        Assert.Equal(0, device.GetSnapshot().MessagesSent);
        // Not a refusal by the domain: the device kept its credential and kept trying until it was stopped.
        Assert.Equal(DeviceStatus.Stopped, device.Status);
        Assert.Equal(1, credentials.Calls(Serial));
    }
}
