using DeviceTrust.Application.Fleet.ChangeDeviceState;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Domain.Devices;
using Microsoft.Extensions.DependencyInjection;

namespace DeviceTrust.Web.Tests.Infrastructure;

/// <summary>
/// A freshly registered device walked to Operational through the operator's state changes (audited like any other),
/// for tests about what happens to a device in service rather than about how it got there. The seed starts every fleet
/// Manufactured; a test about enrollment or the hub enrolls for real (<see cref="EnrolledDevice"/>).
/// </summary>
public static class InServiceDevice
{
    public static async Task<RegisteredDevice> RegisterAsync(IServiceProvider services, string prefix, CancellationToken ct)
    {
        var device = await services.GetRequiredService<RegisterDeviceHandler>().HandleAsync(
            new RegisterDeviceRequest(EnrolledDevice.NewSerial(prefix), "Acme Thermo T1", "Acme Sensors", "Osaka warehouse"), TestPledge.Officer, ct);
        var states = services.GetRequiredService<ChangeDeviceStateHandler>();
        foreach (var step in new[] { DeviceState.Bootstrapping, DeviceState.Enrolled, DeviceState.Operational })
            await states.HandleAsync(new ChangeDeviceStateRequest(device.Id, step, "test setup"), TestPledge.Officer, ct);
        return device;
    }
}
