using DeviceTrust.Domain.Devices;

namespace DeviceTrust.Domain.Tests.Devices;

public sealed class FirmwareTests
{
    [Theory]
    [InlineData("", "1.0")]
    [InlineData("  ", "1.0")]
    [InlineData("app", "")]
    [InlineData("app", " ")]
    public void FirmwareComponent_BlankNameOrVersion_Throws(string name, string version)
    {
        Assert.Throws<DomainException>(() => new FirmwareComponent(name, version));
    }

    [Fact]
    public void FirmwareComponent_LengthLimits_AcceptedAtLimitRefusedBeyond()
    {
        Assert.Equal(64, new FirmwareComponent(new string('n', 64), "1").Name.Length);
        Assert.Equal(32, new FirmwareComponent("app", new string('1', 32)).Version.Length);
        Assert.Throws<DomainException>(() => new FirmwareComponent(new string('n', 65), "1"));
        Assert.Throws<DomainException>(() => new FirmwareComponent("app", new string('1', 33)));
    }

    [Fact]
    public void ReportFirmware_FirmwareComponentNotFirst_PicksItsVersion()
    {
        var device = TestDevices.NewDevice();

        device.ReportFirmware([new FirmwareComponent("bootloader", "2.1.0"), new FirmwareComponent("firmware", "1.4.2"), new FirmwareComponent("modem", "3.2")]);

        Assert.Equal("1.4.2", device.FirmwareVersion);
        Assert.Equal(["bootloader", "firmware", "modem"], device.Components.Select(c => c.Name));
    }

    [Fact]
    public void ReportFirmware_NoFirmwareComponent_PicksTheFirst()
    {
        var device = TestDevices.NewDevice();

        device.ReportFirmware([new FirmwareComponent("app", "7.0"), new FirmwareComponent("bootloader", "2.1.0")]);

        Assert.Equal("7.0", device.FirmwareVersion);
    }

    [Fact]
    public void ReportFirmware_SecondReport_ReplacesTheList()
    {
        var device = TestDevices.NewDevice();
        device.ReportFirmware([new FirmwareComponent("firmware", "1.0"), new FirmwareComponent("bootloader", "1.0")]);

        device.ReportFirmware([new FirmwareComponent("firmware", "2.0")]);

        Assert.Equal("2.0", device.FirmwareVersion);
        Assert.Equal([new FirmwareComponent("firmware", "2.0")], device.Components);
    }

    [Fact]
    public void ReportFirmware_DuplicateNames_ThrowsAndKeepsPreviousReport()
    {
        var device = TestDevices.NewDevice();
        device.ReportFirmware([new FirmwareComponent("firmware", "1.0")]);

        Assert.Throws<DomainException>(() => device.ReportFirmware([new FirmwareComponent("firmware", "2.0"), new FirmwareComponent("firmware", "2.1")]));

        Assert.Equal("1.0", device.FirmwareVersion);
        Assert.Equal([new FirmwareComponent("firmware", "1.0")], device.Components);
    }

    [Fact]
    public void ReportFirmware_NamesDifferingOnlyInCase_AreDistinct()
    {
        var device = TestDevices.NewDevice();

        device.ReportFirmware([new FirmwareComponent("App", "1"), new FirmwareComponent("app", "2")]);

        Assert.Equal(2, device.Components.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void ReportFirmware_ComponentCountOutOfRange_Throws(int count)
    {
        var device = TestDevices.NewDevice();
        var components = Enumerable.Range(0, count).Select(i => new FirmwareComponent($"c{i}", "1")).ToList();

        Assert.Throws<DomainException>(() => device.ReportFirmware(components));
        Assert.Empty(device.Components);
    }

    [Fact]
    public void ReportFirmware_ThirtyTwoComponents_Accepted()
    {
        var device = TestDevices.NewDevice();

        device.ReportFirmware(Enumerable.Range(0, 32).Select(i => new FirmwareComponent($"c{i}", "1")).ToList());

        Assert.Equal(32, device.Components.Count);
    }
}
