using DeviceTrust.Domain.Devices;

namespace DeviceTrust.Domain.Tests.Devices;

public sealed class DeviceTests
{
    [Fact]
    public void Register_ValidInput_StartsManufacturedAndOffline()
    {
        var classId = Guid.NewGuid();
        var groupId = Guid.NewGuid();

        var device = Device.Register("ACME-T1-00001", classId, groupId, TestDevices.Now);

        Assert.Equal(DeviceState.Manufactured, device.State);
        Assert.Equal("ACME-T1-00001", device.SerialNumber);
        Assert.Equal(classId, device.DeviceClassId);
        Assert.Equal(groupId, device.GroupId);
        Assert.Equal(TestDevices.Now, device.RegisteredAt);
        Assert.Equal(TestDevices.Now, device.StateChangedAt);
        Assert.False(device.IsOnline);
        Assert.Null(device.LastSeenAt);
        Assert.Null(device.LatestTelemetry);
        Assert.Null(device.FirmwareVersion);
        Assert.Empty(device.Components);
        Assert.NotEqual(Guid.Empty, device.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a/b")]
    public void Register_InvalidSerial_Throws(string serial)
    {
        Assert.Throws<DomainException>(() => Device.Register(serial, Guid.NewGuid(), null, TestDevices.Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\n")]
    public void TransitionTo_EmptyReason_ThrowsAndKeepsState(string reason)
    {
        var device = TestDevices.NewDevice();

        var e = Assert.Throws<DomainException>(() => device.TransitionTo(DeviceState.Bootstrapping, reason, TestDevices.Now.AddHours(1)));

        Assert.IsNotType<InvalidTransitionException>(e);
        Assert.Equal(DeviceState.Manufactured, device.State);
        Assert.Equal(TestDevices.Now, device.StateChangedAt);
    }

    [Theory]
    [InlineData(DeviceState.Revoked)]
    [InlineData(DeviceState.Decommissioned)]
    public void RecordTelemetry_DeviceCannotConnect_ThrowsAndKeepsNoReading(DeviceState state)
    {
        var device = TestDevices.InState(state);

        Assert.False(device.CanConnect);
        Assert.Throws<DomainException>(() => device.RecordTelemetry(TestDevices.Reading(), TestDevices.Now));
        Assert.Null(device.LatestTelemetry);
        Assert.Null(device.LastSeenAt);
        Assert.False(device.IsOnline);
    }

    [Fact]
    public void ReportFirmwareAndMarkSeen_RevokedDevice_Throw()
    {
        var device = TestDevices.InState(DeviceState.Revoked);

        Assert.Throws<DomainException>(() => device.ReportFirmware([new FirmwareComponent("firmware", "1.0")]));
        Assert.Throws<DomainException>(() => device.MarkSeen(TestDevices.Now));
        Assert.Empty(device.Components);
        Assert.Null(device.FirmwareVersion);
    }

    [Fact]
    public void TransitionTo_RevokedWhileOnline_GoesOffline()
    {
        var device = TestDevices.InState(DeviceState.Operational);
        device.MarkSeen(TestDevices.Now);
        Assert.True(device.IsOnline);

        device.TransitionTo(DeviceState.Revoked, "key compromised", TestDevices.Now);

        Assert.False(device.IsOnline);
    }

    [Fact]
    public void RecordTelemetry_LiveDevice_StoresReadingAndMarksOnline()
    {
        var device = TestDevices.InState(DeviceState.Operational);
        var reading = TestDevices.Reading(30);

        device.RecordTelemetry(reading, TestDevices.Now.AddSeconds(5));

        Assert.Equal(reading, device.LatestTelemetry);
        Assert.Equal(TestDevices.Now.AddSeconds(5), device.LastSeenAt);
        Assert.True(device.IsOnline);
    }

    [Fact]
    public void MarkSeen_OlderTime_DoesNotMoveLastSeenBack()
    {
        var device = TestDevices.NewDevice();
        device.MarkSeen(TestDevices.Now.AddMinutes(10));

        device.MarkSeen(TestDevices.Now.AddMinutes(5));

        Assert.Equal(TestDevices.Now.AddMinutes(10), device.LastSeenAt);
    }

    [Fact]
    public void MarkOffline_OnlineDevice_GoesOffline()
    {
        var device = TestDevices.NewDevice();
        device.MarkSeen(TestDevices.Now);

        device.MarkOffline();

        Assert.False(device.IsOnline);
    }
}
