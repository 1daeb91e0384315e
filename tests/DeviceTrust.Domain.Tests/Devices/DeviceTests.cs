using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Provisioning;

namespace DeviceTrust.Domain.Tests.Devices;

public sealed class DeviceTests
{
    [Fact]
    public void Register_ValidInput_StartsManufacturedAndOffline()
    {
        var deviceClass = TestDevices.NewClass("Acme Tracker T1");
        var group = DeviceGroup.Create(Guid.NewGuid(), "Tokyo", null);

        var device = Device.Register("ACME-T1-00001", deviceClass, group, "user:operator", TestDevices.Now);

        Assert.Equal(DeviceState.Manufactured, device.State);
        Assert.Equal("ACME-T1-00001", device.SerialNumber);
        Assert.Equal(deviceClass.Id, device.DeviceClassId);
        Assert.Equal(group.Id, device.GroupId);
        Assert.Equal([new DeviceRegistered(device.Id, "ACME-T1-00001", "Acme Tracker T1", "Tokyo", "user:operator")], device.DomainEvents);
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
        Assert.Throws<DomainException>(() => Device.Register(serial, TestDevices.NewClass(), null, "user:operator", TestDevices.Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\n")]
    public void TransitionTo_EmptyReason_ThrowsAndKeepsState(string reason)
    {
        var device = TestDevices.NewDevice();

        var e = Assert.Throws<DomainException>(() => device.TransitionTo(DeviceState.Bootstrapping, reason, "test", TestDevices.Now.AddHours(1)));

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

        device.TransitionTo(DeviceState.Revoked, "key compromised", "test", TestDevices.Now);

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

    [Fact]
    public void TransitionTo_LegalMove_RaisesOneStateChangedNamingWhoAndWhy()
    {
        var device = TestDevices.NewDevice();
        device.ClearDomainEvents();

        var change = device.TransitionTo(DeviceState.Bootstrapping, "  voucher-request  ", "device:SN-0001", TestDevices.Now);

        Assert.Equal(new DeviceStateChanged(device.Id, "SN-0001", DeviceState.Manufactured, DeviceState.Bootstrapping, "voucher-request", "device:SN-0001"), change);
        Assert.Equal([change], device.DomainEvents);
    }

    [Fact]
    public void TransitionTo_IllegalMoveOrNoActor_RaisesNothing()
    {
        var device = TestDevices.NewDevice();
        device.ClearDomainEvents();

        Assert.Throws<InvalidTransitionException>(() => device.TransitionTo(DeviceState.Operational, "skip ahead", "user:operator", TestDevices.Now));
        Assert.Throws<DomainException>(() => device.TransitionTo(DeviceState.Bootstrapping, "voucher-request", " ", TestDevices.Now));

        Assert.Empty(device.DomainEvents);
        Assert.Equal(DeviceState.Manufactured, device.State);
    }

    [Theory]
    [InlineData(CertificateRevocationReason.Unspecified)]
    [InlineData(CertificateRevocationReason.KeyCompromise)]
    public void Revoke_AnyLiveState_RaisesStateChangedThenRevokedWithTheCertificateReason(CertificateRevocationReason reason)
    {
        var device = TestDevices.InState(DeviceState.Operational);
        device.ClearDomainEvents();

        var change = device.Revoke(reason, "stolen", "user:operator", TestDevices.Now);

        Assert.Equal([change, new DeviceRevoked(device.Id, device.SerialNumber, reason, "user:operator")], device.DomainEvents);
        Assert.Equal(DeviceState.Revoked, device.State);
    }

    [Fact]
    public void TransitionTo_Revoked_IsARevocationWithUnspecifiedReason()
    {
        var device = TestDevices.InState(DeviceState.Enrolled);
        device.ClearDomainEvents();

        device.TransitionTo(DeviceState.Revoked, "decommissioning", "user:operator", TestDevices.Now);

        Assert.Contains(new DeviceRevoked(device.Id, device.SerialNumber, CertificateRevocationReason.Unspecified, "user:operator"), device.DomainEvents);
    }
}
