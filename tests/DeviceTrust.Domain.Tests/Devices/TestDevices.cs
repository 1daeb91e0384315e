using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Devices;

namespace DeviceTrust.Domain.Tests.Devices;

internal static class TestDevices
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    public static DeviceClass NewClass(string name = "Test Meter") =>
        DeviceClass.Create(Guid.NewGuid(), Guid.NewGuid(), name, Guid.NewGuid(), Guid.NewGuid(), "TM-1");

    public static Device NewDevice(string serial = "SN-0001") => Device.Register(serial, NewClass(), null, "user:operator", Now);

    /// <summary>A device brought to <paramref name="state"/> along a legal path, one TransitionTo at a time.</summary>
    public static Device InState(DeviceState state)
    {
        var device = NewDevice();
        foreach (var step in PathTo(state)) device.TransitionTo(step, "test setup", "test", Now);
        Assert.Equal(state, device.State);
        return device;
    }

    private static DeviceState[] PathTo(DeviceState state) => state switch
    {
        DeviceState.Manufactured => [],
        DeviceState.Bootstrapping => [DeviceState.Bootstrapping],
        DeviceState.Enrolled => [DeviceState.Bootstrapping, DeviceState.Enrolled],
        DeviceState.Operational => [DeviceState.Bootstrapping, DeviceState.Enrolled, DeviceState.Operational],
        DeviceState.Quarantined => [DeviceState.Bootstrapping, DeviceState.Enrolled, DeviceState.Operational, DeviceState.Quarantined],
        DeviceState.Updating => [DeviceState.Bootstrapping, DeviceState.Enrolled, DeviceState.Operational, DeviceState.Updating],
        DeviceState.Revoked => [DeviceState.Revoked],
        DeviceState.Decommissioned => [DeviceState.Revoked, DeviceState.Decommissioned],
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static TelemetryReading Reading(double temperature = 21.5) => new(3600, temperature, 87, -70, Now);
}
