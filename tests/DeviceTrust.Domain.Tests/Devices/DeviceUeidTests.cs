using DeviceTrust.Domain.Devices;

namespace DeviceTrust.Domain.Tests.Devices;

/// <summary>Every device gets a UEID at registration (RFC 9711 §4.2.1): type RAND and 16 random bytes.</summary>
public sealed class DeviceUeidTests
{
    [Fact]
    public void Register_AssignsARandomTypeUeidOf17Bytes_DifferentForEachDevice()
    {
        var ueids = Enumerable.Range(0, 50).Select(i => TestDevices.NewDevice($"SN-{i:0000}").Ueid).ToList();

        Assert.All(ueids, ueid =>
        {
            Assert.Equal(Device.UeidLength, ueid.Length);
            Assert.Equal(Device.UeidTypeRand, ueid[0]);
        });
        Assert.Equal(50, ueids.Select(Convert.ToHexString).Distinct().Count());
    }
}
