using Bunit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Application.Fleet.ListDevices;
using DeviceTrust.Web.Components.Shared;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DeviceTrust.Web.Tests.Components;

/// <summary>
/// The device table over the running app's real database behind a gate that holds its loads (a slow database), with a
/// fleet notifier of the test's own: a live table never shows a false empty state, and a stream of changes cannot starve
/// its load.
/// </summary>
public sealed class DeviceTableUnderLoadTests : BunitContext
{
    private const string EmptyText = "No device matches these filters";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly GatedDbContextFactory _database;
    private readonly TestFleetNotifier _fleet = new();

    public DeviceTableUnderLoadTests(WebAppFixture app)
    {
        var services = app.Factory.Services;
        _database = new GatedDbContextFactory(services.GetRequiredService<IDeviceTrustDbContextFactory>());
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(new ListDevicesHandler(_database));
        Services.AddSingleton<IFleetNotifier>(_fleet);
        Services.AddSingleton(services.GetRequiredService<TimeProvider>());
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task FirstLoad_SlowerThanAStreamOfChanges_ShowsLoadingNeverEmptyAndThenTheRows()
    {
        _database.Close();
        var table = Render<DeviceTable>(p => p.Add(t => t.PageSize, 10));
        var emptyRenders = CountRendersShowing(table, EmptyText);
        Assert.DoesNotContain(EmptyText, table.Markup, StringComparison.Ordinal);
        await Wait.UntilAsync(() => _database.Arrived == 1, "the first load to reach the database", Timeout);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        // Ten changes a second against a load held until the table has refreshed for several batches of them.
        var stream = _fleet.StreamAsync(TimeSpan.FromMilliseconds(100), stop.Token);
        try
        {
            // The first batch waits for the held load; the ones after it are taken in at once, and counted.
            await Wait.UntilAsync(() => _fleet.BatchesHandled >= 3, "three more batches of changes during the first load", Timeout);
            // No refresh cancelled the first load or started another beside it; the table still says it is loading.
            Assert.Equal(1, _database.Arrived);
            Assert.Equal(0, emptyRenders());
            Assert.NotNull(table.Find("[data-testid=device-table-loading]"));
            Assert.Equal("true", table.Find("[data-testid=device-table]").GetAttribute("aria-busy"));

            _database.Open();
            table.WaitForAssertion(() => Assert.NotEmpty(Serials(table)), Timeout);
        }
        finally
        {
            await stop.CancelAsync();
            await stream;
        }

        Assert.Equal(0, _database.Cancelled);
        Assert.Equal(0, emptyRenders());
    }

    [Fact]
    public async Task Search_MatchingNoDevice_ShowsTheEmptyStateOnceThatLoadIsIn()
    {
        var table = Render<DeviceTable>(p => p.Add(t => t.PageSize, 10));
        table.WaitForAssertion(() => Assert.NotEmpty(Serials(table)), Timeout);
        var shown = Serials(table);
        var emptyRenders = CountRendersShowing(table, EmptyText);

        _database.Close();
        await table.InvokeAsync(() => table.Find("input[data-testid=device-search]").Input("NO-SUCH-DEVICE-" + Guid.NewGuid().ToString("N")));
        await Wait.UntilAsync(() => _database.Arrived == 2, "the search's load to reach the database", Timeout);
        Assert.Equal(shown, Serials(table));
        Assert.Equal(0, emptyRenders());

        _database.Open();
        table.WaitForAssertion(() =>
        {
            Assert.NotNull(table.Find("[data-testid=device-table-empty]"));
            Assert.Contains("0 devices", table.Find("[data-testid=device-count]").TextContent, StringComparison.Ordinal);
        }, Timeout);
        Assert.Empty(Serials(table));
        Assert.Empty(table.FindAll("[data-testid=device-table-loading]"));
    }

    [Fact]
    public async Task LiveRefresh_InFlight_KeepsTheLastGoodRowsAndShowsItIsBusy()
    {
        var table = Render<DeviceTable>(p => p.Add(t => t.PageSize, 10));
        table.WaitForAssertion(() => Assert.NotEmpty(Serials(table)), Timeout);
        var shown = Serials(table);
        var emptyRenders = CountRendersShowing(table, EmptyText);

        _database.Close();
        _fleet.Publish([new DeviceChanged(Guid.NewGuid(), "BUNIT-LIVE", DeviceChangeKind.Registered)]);
        await Wait.UntilAsync(() => _database.Arrived == 2, "the live refresh's load to reach the database", Timeout);
        table.WaitForAssertion(() => Assert.Equal("true", table.Find("[data-testid=device-table]").GetAttribute("aria-busy")), Timeout);
        Assert.Equal(shown, Serials(table));

        _database.Open();
        table.WaitForAssertion(() => Assert.Equal("false", table.Find("[data-testid=device-table]").GetAttribute("aria-busy")), Timeout);
        Assert.NotEmpty(Serials(table));
        Assert.Equal(0, emptyRenders());
    }

    [Fact]
    public void LiveRefresh_Failing_KeepsTheLastGoodRowsAndShowsTheError()
    {
        var table = Render<DeviceTable>(p => p.Add(t => t.PageSize, 10));
        table.WaitForAssertion(() => Assert.NotEmpty(Serials(table)), Timeout);
        var shown = Serials(table);
        var emptyRenders = CountRendersShowing(table, EmptyText);

        _database.FailNext(new InvalidOperationException("database unavailable"));
        _fleet.Publish([new DeviceChanged(Guid.NewGuid(), "BUNIT-LIVE", DeviceChangeKind.Registered)]);

        table.WaitForAssertion(() => Assert.Contains("database unavailable", table.Find("[data-testid=device-table-error]").TextContent, StringComparison.Ordinal), Timeout);
        Assert.Equal(shown, Serials(table));
        Assert.Equal(0, emptyRenders());
    }

    private static List<string> Serials(IRenderedComponent<DeviceTable> table) =>
        table.FindAll("[data-testid=device-serial]").Select(e => e.TextContent).ToList();

    /// <summary>Counts, from now on, every render after which the table's markup contains <paramref name="text"/>.</summary>
    private static Func<int> CountRendersShowing(IRenderedComponent<DeviceTable> table, string text)
    {
        var count = 0;
        table.OnMarkupUpdated += (_, _) =>
        {
            if (table.Markup.Contains(text, StringComparison.Ordinal)) Interlocked.Increment(ref count);
        };
        return () => Volatile.Read(ref count);
    }
}
