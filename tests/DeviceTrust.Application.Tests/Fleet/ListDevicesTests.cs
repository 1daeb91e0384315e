using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet.ListDevices;
using DeviceTrust.Domain.Devices;

namespace DeviceTrust.Application.Tests.Fleet;

public sealed class ListDevicesTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    private Task<PagedResult<DeviceRow>> ListAsync(DeviceQuery query) =>
        fleet.Database.Get<ListDevicesHandler>().HandleAsync(query, TestContext.Current.CancellationToken);

    private List<string> ExpectedSerials(Func<ExpectedRow, bool> where) =>
        fleet.Expected.Where(where).Select(r => r.Serial).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task HandleAsync_DefaultQuery_CountsTheWholeFleet()
    {
        var result = await ListAsync(new DeviceQuery(PageSize: 500));

        Assert.Equal(15, fleet.Expected.Count);
        Assert.Equal(fleet.Expected.Count, result.TotalCount);
        Assert.Equal(ExpectedSerials(_ => true), result.Items.Select(r => r.SerialNumber));
    }

    [Fact]
    public async Task HandleAsync_PagesOfFour_CoverTheFleetWithoutOverlap()
    {
        var pages = new List<PagedResult<DeviceRow>>();
        for (var page = 0; page < 5; page++) pages.Add(await ListAsync(new DeviceQuery(Page: page, PageSize: 4)));

        Assert.All(pages, p => Assert.Equal(15, p.TotalCount));
        Assert.Equal([4, 4, 4, 3, 0], pages.Select(p => p.Items.Count));
        Assert.Equal([0, 1, 2, 3, 4], pages.Select(p => p.Page));
        Assert.All(pages, p => Assert.Equal(4, p.PageSize));
        var serials = pages.SelectMany(p => p.Items).Select(r => r.SerialNumber).ToList();
        Assert.Equal(serials.Count, serials.Distinct().Count());
        Assert.Equal(ExpectedSerials(_ => true), serials);
    }

    [Fact]
    public async Task HandleAsync_SortBySerialDescending_ReversesTheOrder()
    {
        var ascending = await ListAsync(new DeviceQuery(PageSize: 500, SortBy: DeviceSort.Serial));
        var descending = await ListAsync(new DeviceQuery(PageSize: 500, SortBy: DeviceSort.Serial, Descending: true));

        Assert.Equal(ExpectedSerials(_ => true), ascending.Items.Select(r => r.SerialNumber));
        Assert.Equal(ExpectedSerials(_ => true).AsEnumerable().Reverse(), descending.Items.Select(r => r.SerialNumber));
    }

    [Fact]
    public async Task HandleAsync_SortByState_GroupsEachStateTogetherWithSerialsAscending()
    {
        var result = await ListAsync(new DeviceQuery(PageSize: 500, SortBy: DeviceSort.State));

        var rows = result.Items.ToList();
        Assert.Equal(fleet.Expected.Count, rows.Count);
        var runs = rows.Select(r => r.State).Distinct().ToList();
        Assert.Equal(fleet.Expected.Select(r => r.State).Distinct().Count(), runs.Count);
        foreach (var state in runs)
        {
            var inState = rows.Where(r => r.State == state).Select(r => r.SerialNumber).ToList();
            Assert.Equal(ExpectedSerials(r => r.State == state), inState);
        }
    }

    [Fact]
    public async Task HandleAsync_SortByState_OrdersByLifecycleThenSerial()
    {
        var ascending = await ListAsync(new DeviceQuery(PageSize: 500, SortBy: DeviceSort.State));
        var descending = await ListAsync(new DeviceQuery(PageSize: 500, SortBy: DeviceSort.State, Descending: true));

        var expected = fleet.Expected.OrderBy(r => (int)r.State).ThenBy(r => r.Serial, StringComparer.Ordinal).Select(r => r.Serial);
        var expectedDescending = fleet.Expected.OrderByDescending(r => (int)r.State).ThenBy(r => r.Serial, StringComparer.Ordinal).Select(r => r.Serial);
        Assert.Equal(expected, ascending.Items.Select(r => r.SerialNumber));
        Assert.Equal(expectedDescending, descending.Items.Select(r => r.SerialNumber));
    }

    [Theory]
    [InlineData(DeviceState.Operational)]
    [InlineData(DeviceState.Manufactured)]
    [InlineData(DeviceState.Revoked)]
    [InlineData(DeviceState.Updating)]
    [InlineData(DeviceState.Decommissioned)]
    public async Task HandleAsync_StateFilter_ReturnsOnlyThatState(DeviceState state)
    {
        var result = await ListAsync(new DeviceQuery(PageSize: 500, State: state));

        Assert.Equal(ExpectedSerials(r => r.State == state), result.Items.Select(r => r.SerialNumber));
        Assert.Equal(result.Items.Count, result.TotalCount);
        Assert.All(result.Items, r => Assert.Equal(state, r.State));
    }

    [Theory]
    [InlineData("Acme Thermo T1")]
    [InlineData("Kumo Meter M7")]
    public async Task HandleAsync_DeviceClassFilter_ReturnsOnlyThatClass(string className)
    {
        var result = await ListAsync(new DeviceQuery(PageSize: 500, DeviceClassId: await fleet.ClassIdAsync(className)));

        Assert.Equal(ExpectedSerials(r => r.DeviceClass == className), result.Items.Select(r => r.SerialNumber));
        Assert.All(result.Items, r => Assert.Equal(className, r.DeviceClass));
    }

    [Theory]
    [InlineData("1.4.2")]
    [InlineData("5.0.1")]
    [InlineData("0.9.12")]
    [InlineData("9.9.9")]
    public async Task HandleAsync_FirmwareFilter_ReturnsOnlyThatVersion(string version)
    {
        var result = await ListAsync(new DeviceQuery(PageSize: 500, FirmwareVersion: version));

        Assert.Equal(ExpectedSerials(r => r.FirmwareVersion == version), result.Items.Select(r => r.SerialNumber));
        Assert.Equal(result.Items.Count, result.TotalCount);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task HandleAsync_OnlineFilter_ReturnsOnlyMatchingPresence(bool online)
    {
        var result = await ListAsync(new DeviceQuery(PageSize: 500, Online: online));

        Assert.Equal(ExpectedSerials(r => r.Online == online), result.Items.Select(r => r.SerialNumber));
        Assert.All(result.Items, r => Assert.Equal(online, r.IsOnline));
    }

    [Theory]
    [InlineData("tky", "TKY")]
    [InlineData("  T1-tKy ", "T1-TKY")]
    [InlineData("00002", "00002")]
    [InlineData("kumo-m7-new", "KUMO-M7-NEW")]
    [InlineData("no-such-serial", "no-such-serial")]
    public async Task HandleAsync_Search_MatchesPartOfTheSerialIgnoringCase(string search, string part)
    {
        var result = await ListAsync(new DeviceQuery(PageSize: 500, Search: search));

        Assert.Equal(ExpectedSerials(r => r.Serial.Contains(part, StringComparison.Ordinal)), result.Items.Select(r => r.SerialNumber));
        Assert.Equal(result.Items.Count, result.TotalCount);
    }

    [Fact]
    public async Task HandleAsync_FiltersCombined_AreAnded()
    {
        var classId = await fleet.ClassIdAsync("Acme Thermo T1");

        var result = await ListAsync(new DeviceQuery(PageSize: 500, DeviceClassId: classId, State: DeviceState.Operational, Online: false, Search: "osk"));

        Assert.Equal(["ACME-T1-OSK-00002", "ACME-T1-OSK-00003"], result.Items.Select(r => r.SerialNumber));
        Assert.Equal(2, result.TotalCount);
    }

    [Fact]
    public async Task HandleAsync_Row_CarriesClassManufacturerGroupAndFirmware()
    {
        var result = await ListAsync(new DeviceQuery(PageSize: 500));

        foreach (var row in result.Items)
        {
            var expected = fleet.Expected.Single(r => r.Serial == row.SerialNumber);
            Assert.Equal(expected.DeviceClass, row.DeviceClass);
            Assert.Equal(expected.Manufacturer, row.Manufacturer);
            Assert.Equal(expected.Group, row.Group);
            Assert.Equal(expected.FirmwareVersion, row.FirmwareVersion);
            Assert.Equal(expected.State, row.State);
            Assert.Equal(expected.Online, row.IsOnline);
        }
    }

    [Theory]
    [InlineData(-1, 25, "page")]
    [InlineData(0, 0, "pageSize")]
    [InlineData(0, -5, "pageSize")]
    [InlineData(0, Paging.MaxPageSize + 1, "pageSize")]
    public async Task HandleAsync_InvalidPaging_ThrowsNamingTheField(int page, int pageSize, string field)
    {
        var e = await Assert.ThrowsAsync<RequestValidationException>(() => ListAsync(new DeviceQuery(Page: page, PageSize: pageSize)));

        Assert.Equal([field], e.Errors.Keys);
    }
}
