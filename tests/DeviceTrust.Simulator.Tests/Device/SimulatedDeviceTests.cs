using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Tests.Infrastructure;

namespace DeviceTrust.Simulator.Tests.Device;

public sealed class SimulatedDeviceTests
{
    private const string Serial = "ACME-T1-TST-00001";

    [Fact]
    public async Task RunAsync_EnrolledDevice_ReportsFirmwareThenTelemetry()
    {
        await using var server = await TestDeviceServer.StartAsync();
        var credentials = server.NewCredentials();
        var device = new SimulatedDevice(DeviceFixtures.Spec(Serial), DeviceFixtures.Settings(server.Url, credentials), seed: 1);

        await using (var run = DeviceRun.Start(device))
        {
            await Wait.UntilAsync(
                () => server.Recorder.Telemetry(Serial).Count >= 3, "three readings arrived");
            Assert.Equal(DeviceStatus.Connected, device.Status);
        }

        // A send completed by the device may still be on its way through the server's hub when the run stops.
        var sent = device.GetSnapshot().MessagesSent;
        await Wait.UntilAsync(() => server.Recorder.Calls(Serial).Count >= sent, "every sent message reached the server");
        var calls = server.Recorder.Calls(Serial);
        var firmware = Assert.IsType<WireFirmware>(calls[0].Argument);
        Assert.Equal(
            [new WireComponent("bootloader", "2.1.0"), new WireComponent("firmware", "1.4.2")],
            firmware.Components);
        Assert.All(calls.Skip(1), call => Assert.Equal("ReportTelemetry", call.Method));
        Assert.All(server.Recorder.Telemetry(Serial), reading =>
        {
            Assert.InRange(reading.TemperatureCelsius, -100, 200);
            Assert.InRange(reading.BatteryPercent, 0, 100);
            Assert.InRange(reading.SignalDbm, -150, 0);
            Assert.True(reading.UptimeSeconds >= 0);
        });

        var snapshot = device.GetSnapshot();
        Assert.Equal(DeviceStatus.Stopped, snapshot.Status);
        Assert.Equal(calls.Count, snapshot.MessagesSent);
        Assert.Equal(0, snapshot.SendErrors);
        Assert.Equal(0, snapshot.Reconnects);
        Assert.Null(snapshot.Problem);
        Assert.Equal(1, credentials.Calls(Serial));
    }

    [Fact]
    public async Task RunAsync_UntrustedCertificate_EndsRejectedWithoutRetrying()
    {
        const string Witness = "ACME-T1-TST-00002";
        await using var server = await TestDeviceServer.StartAsync();
        var settings = DeviceFixtures.Settings(server.Url, server.NewCredentials());
        var rejected = new SimulatedDevice(DeviceFixtures.Spec(Serial), settings, 2, new FaultInjection { UntrustedCertificate = true });
        var witness = new SimulatedDevice(DeviceFixtures.Spec(Witness), settings, 3);

        await using (var rejectedRun = DeviceRun.Start(rejected))
        await using (var witnessRun = DeviceRun.Start(witness))
        {
            await Wait.UntilAsync(() => rejected.Status == DeviceStatus.Rejected, "the device was rejected");

            // Twenty readings of the witness span many retry delays; a retrying device would negotiate again meanwhile.
            var readings = server.Recorder.Telemetry(Witness).Count;
            await Wait.UntilAsync(
                () => server.Recorder.Telemetry(Witness).Count >= readings + 20, "the witness sent twenty readings");
        }

        var snapshot = rejected.GetSnapshot();
        Assert.Equal(DeviceStatus.Rejected, snapshot.Status);
        Assert.NotNull(snapshot.Problem);
        Assert.Equal(0, snapshot.MessagesSent);
        // The self-signed certificate names the device, so its one refused negotiation is counted under its serial.
        Assert.Equal(1, server.Recorder.Negotiations(Serial));
        Assert.Empty(server.Recorder.Calls(Serial));
    }

    [Fact]
    public async Task RunAsync_ServerDropsConnection_ReconnectsAndReportsFirmwareAgain()
    {
        await using var server = await TestDeviceServer.StartAsync();
        var credentials = server.NewCredentials();
        var device = new SimulatedDevice(DeviceFixtures.Spec(Serial), DeviceFixtures.Settings(server.Url, credentials), seed: 3);
        await using var run = DeviceRun.Start(device);
        await Wait.UntilAsync(
            () => server.Recorder.Telemetry(Serial).Count >= 1, "the first reading arrived");
        var first = server.Recorder.Connection(Serial)!;

        first.Abort();

        await Wait.UntilAsync(
            () => server.Recorder.Calls(Serial).Any(call => call.ConnectionId != first.ConnectionId
                && call.Method == "ReportTelemetry"),
            "a reading arrived over a new connection");
        var second = server.Recorder.Calls(Serial).Where(call => call.ConnectionId != first.ConnectionId).ToList();
        Assert.Equal("ReportFirmware", second[0].Method);
        Assert.Equal(1, device.GetSnapshot().Reconnects);
        Assert.Equal(DeviceStatus.Connected, device.Status);
        // The reconnect presents the LDevID the device already holds; it does not enroll again.
        Assert.Equal(1, credentials.Calls(Serial));
    }

    [Fact]
    public async Task RunAsync_CertificateRevokedWhileConnected_EndsRejected()
    {
        await using var server = await TestDeviceServer.StartAsync();
        var device = new SimulatedDevice(DeviceFixtures.Spec(Serial), DeviceFixtures.Settings(server.Url, server.NewCredentials()), seed: 8);
        await using var run = DeviceRun.Start(device);
        await Wait.UntilAsync(
            () => server.Recorder.Telemetry(Serial).Count >= 1, "the first reading arrived");

        server.Revoke(Serial);
        server.Recorder.Connection(Serial)!.Abort();

        await Wait.UntilAsync(() => device.Status == DeviceStatus.Rejected, "the device was rejected");
        Assert.Equal(2, server.Recorder.Negotiations(Serial));
        Assert.NotNull(device.GetSnapshot().Problem);
    }

    [Fact]
    public async Task Faults_UntrustedCertificateSetAtRuntime_RejectedUntilCleared()
    {
        await using var server = await TestDeviceServer.StartAsync();
        var device = new SimulatedDevice(DeviceFixtures.Spec(Serial), DeviceFixtures.Settings(server.Url, server.NewCredentials()), seed: 4);
        await using var run = DeviceRun.Start(device);
        await Wait.UntilAsync(() => device.Status == DeviceStatus.Connected, "the device connected");

        device.Faults = device.Faults with { UntrustedCertificate = true };
        await Wait.UntilAsync(() => device.Status == DeviceStatus.Rejected, "the device was rejected");
        Assert.Equal("the hub refused the client certificate", device.GetSnapshot().Problem);
        var readings = server.Recorder.Telemetry(Serial).Count;

        device.Faults = device.Faults with { UntrustedCertificate = false };
        await Wait.UntilAsync(
            () => server.Recorder.Telemetry(Serial).Count > readings && device.Status == DeviceStatus.Connected,
            "the device connected again and sent a reading");
        Assert.Null(device.GetSnapshot().Problem);
    }

    [Fact]
    public async Task Faults_MalformedMessages_ServerKeepsTheConnection()
    {
        await using var server = await TestDeviceServer.StartAsync();
        var faults = new FaultInjection { MalformedRate = 1 };
        var device = new SimulatedDevice(DeviceFixtures.Spec(Serial), DeviceFixtures.Settings(server.Url, server.NewCredentials()), 5, faults);
        await using var run = DeviceRun.Start(device);
        await Wait.UntilAsync(
            () => device.GetSnapshot().Malformed >= 12, "a dozen malformed messages were sent");
        var connection = server.Recorder.Connection(Serial)!.ConnectionId;

        device.Faults = FaultInjection.None;
        await Wait.UntilAsync(
            () => server.Recorder.Telemetry(Serial).Any(reading => reading.TemperatureCelsius < 200),
            "a valid reading arrived");

        Assert.Equal(connection, server.Recorder.Connection(Serial)!.ConnectionId);
        Assert.Equal(0, device.GetSnapshot().Reconnects);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Faults_DropAllOrSilent_SendsNoTelemetryButStaysConnected(bool silent)
    {
        await using var server = await TestDeviceServer.StartAsync();
        var faults = silent ? new FaultInjection { Silent = true } : new FaultInjection { DropRate = 1 };
        var device = new SimulatedDevice(DeviceFixtures.Spec(Serial), DeviceFixtures.Settings(server.Url, server.NewCredentials()), 6, faults);
        await using var run = DeviceRun.Start(device);

        await Wait.UntilAsync(() => device.GetSnapshot().Dropped >= 5, "five readings were withheld");

        Assert.Empty(server.Recorder.Telemetry(Serial));
        Assert.Single(server.Recorder.Calls(Serial), call => call.Method == "ReportFirmware");
        Assert.Equal(DeviceStatus.Connected, device.Status);
    }

    [Fact]
    public void Faults_RateOutsideZeroToOne_Throws()
    {
        var settings = DeviceFixtures.Settings(DeviceFixtures.Nowhere, new TestCredentials(new TestCa()));
        var device = new SimulatedDevice(DeviceFixtures.Spec(Serial), settings, 7);

        Assert.Throws<ArgumentOutOfRangeException>(() => device.Faults = new FaultInjection { DropRate = 1.5 });
    }
}
