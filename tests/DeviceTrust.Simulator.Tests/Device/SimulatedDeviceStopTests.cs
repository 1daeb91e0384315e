using System.Net.WebSockets;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;

namespace DeviceTrust.Simulator.Tests.Device;

/// <summary>A device stopped at the moment something fails stops cleanly: the failure is the stop's doing, not an error.</summary>
public sealed class SimulatedDeviceStopTests
{
    private const string Serial = "ACME-T1-STP-00001";

    [Fact]
    public async Task RunAsync_StoppedAsEnrollmentFails_StopsWithoutThrowing()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var device = new SimulatedDevice(DeviceFixtures.Spec(Serial), DeviceFixtures.Settings(DeviceFixtures.Nowhere, new FailsAsItStops(stop)), 1);

        await device.RunAsync(stop.Token);

        Assert.Equal(DeviceStatus.Stopped, device.Status);
    }

    [Fact]
    public async Task RunAsync_StoppedAsAConnectAttemptFails_StopsWithoutThrowing()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var settings = DeviceFixtures.Settings(DeviceFixtures.Nowhere, new TestCredentials(new TestCa())) with
        {
            // The transport fails just as the device is stopped, as a refused TLS handshake racing a shutdown does.
            ConfigureConnection = options =>
            {
                options.SkipNegotiation = true;
                options.Transports = HttpTransportType.WebSockets;
                options.WebSocketFactory = async (_, _) =>
                {
                    await stop.CancelAsync();
                    throw new WebSocketException("TLS handshake failed (test)");
                };
            },
        };
        var device = new SimulatedDevice(DeviceFixtures.Spec(Serial), settings, 2);

        await device.RunAsync(stop.Token);

        Assert.Equal(DeviceStatus.Stopped, device.Status);
    }

    private sealed class FailsAsItStops(CancellationTokenSource stop) : IDeviceCredentialSource
    {
        public async Task<DeviceCredential> GetAsync(SimulatedDeviceSpec device, FaultInjection faults, CancellationToken cancellationToken)
        {
            await stop.CancelAsync();
            throw new HttpRequestException("registrar unreachable (test)");
        }
    }
}
