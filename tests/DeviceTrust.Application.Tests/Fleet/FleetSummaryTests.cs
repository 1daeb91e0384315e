using DeviceTrust.Application.Fleet.FleetSummary;
using DeviceTrust.Application.Fleet.ListDevices;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Testing;

namespace DeviceTrust.Application.Tests.Fleet;

public sealed class FleetSummaryTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    private Task<FleetSummary> SummaryAsync() => fleet.Database.Get<FleetSummaryHandler>().HandleAsync(TestContext.Current.CancellationToken);

    private async Task<int> TotalAsync(DeviceQuery query) =>
        (await fleet.Database.Get<ListDevicesHandler>().HandleAsync(query with { PageSize = 1 }, TestContext.Current.CancellationToken)).TotalCount;

    [Fact]
    public async Task HandleAsync_ByState_EqualsListDevicesTotalPerState()
    {
        var summary = await SummaryAsync();

        Assert.Equal(Enum.GetValues<DeviceState>().Order(), summary.ByState.Keys.Order());
        foreach (var state in Enum.GetValues<DeviceState>())
        {
            Assert.Equal(await TotalAsync(new DeviceQuery(State: state)), summary.ByState[state]);
            Assert.Equal(fleet.Expected.Count(r => r.State == state), summary.ByState[state]);
        }
    }

    [Fact]
    public async Task HandleAsync_TotalsAndOnline_EqualListDevicesTotals()
    {
        var summary = await SummaryAsync();

        Assert.Equal(await TotalAsync(new DeviceQuery()), summary.Total);
        Assert.Equal(await TotalAsync(new DeviceQuery(Online: true)), summary.Online);
        Assert.Equal(await TotalAsync(new DeviceQuery(Online: false)), summary.Offline);
        Assert.Equal(FleetFixture.OnlineSerials.Count, summary.Online);
    }

    [Fact]
    public async Task HandleAsync_ByClassAndFirmware_MatchTheFleet()
    {
        var summary = await SummaryAsync();

        var expectedByClass = fleet.Expected.GroupBy(r => r.DeviceClass).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expectedByClass.OrderBy(p => p.Key), summary.ByDeviceClass.ToDictionary(c => c.Name, c => c.Count).OrderBy(p => p.Key));
        var expectedByFirmware = fleet.Expected.GroupBy(r => r.FirmwareVersion).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expectedByFirmware.OrderBy(p => p.Key), summary.ByFirmwareVersion.ToDictionary(c => c.Name, c => c.Count).OrderBy(p => p.Key));
        var manufacturers = ExpectedSeed.ClassManufacturers();
        Assert.Equal(manufacturers.Keys.Order(StringComparer.Ordinal), summary.DeviceClasses.Select(c => c.Name));
        Assert.All(summary.DeviceClasses, c => Assert.Equal(manufacturers[c.Name], c.Manufacturer));
    }
}
