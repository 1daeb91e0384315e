using Bunit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Application.Fleet.ChangeDeviceState;
using DeviceTrust.Application.Fleet.ListDevices;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Web.Components.Shared;
using DeviceTrust.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace DeviceTrust.Web.Tests.Components;

/// <summary>The device table rendered by bUnit over the running app's real services (SQLite, notifier).</summary>
public sealed class DeviceTableTests : BunitContext
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly IServiceProvider _app;

    public DeviceTableTests(WebAppFixture app)
    {
        _app = app.Factory.Services;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(_app.GetRequiredService<ListDevicesHandler>());
        Services.AddSingleton(_app.GetRequiredService<IFleetNotifier>());
        Services.AddSingleton(_app.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void Render_FirstPage_ShowsDevicesFromTheServiceInSerialOrder()
    {
        var handler = _app.GetRequiredService<ListDevicesHandler>();

        var table = Render<DeviceTable>(p => p.Add(t => t.PageSize, 10));

        // The app is shared with tests that register devices meanwhile (and the table follows them live), so the page
        // expected is asked for again at each check, not once before rendering.
        table.WaitForAssertion(() =>
        {
            var expected = handler.HandleAsync(new DeviceQuery(PageSize: 10), Xunit.TestContext.Current.CancellationToken).GetAwaiter().GetResult();
            var serials = table.FindAll("[data-testid=device-serial]").Select(e => e.TextContent).ToList();
            Assert.Equal(expected.Items.Select(d => d.SerialNumber), serials);
            Assert.Contains($"{expected.TotalCount} devices", table.Find("[data-testid=device-count]").TextContent, StringComparison.Ordinal);
        }, Timeout);
    }

    [Fact]
    public async Task DeviceChange_WhileShown_UpdatesTheRowWithoutReload()
    {
        // "ACME-T1-BU-…" sorts ahead of the rest of the fleet, so it is on the first page.
        var target = await InServiceDevice.RegisterAsync(_app, "ACME-T1-BU", Xunit.TestContext.Current.CancellationToken);
        var table = Render<DeviceTable>(p => p.Add(t => t.PageSize, 100));
        table.WaitForAssertion(() => Assert.Equal("Operational", StateOf(table, target.SerialNumber)), Timeout);

        var operatorActor = new Actor("user:bunit", "bunit", new HashSet<string> { Roles.Operator });
        await _app.GetRequiredService<ChangeDeviceStateHandler>().HandleAsync(
            new ChangeDeviceStateRequest(target.Id, DeviceState.Updating, "bUnit: firmware update"), operatorActor, Xunit.TestContext.Current.CancellationToken);

        table.WaitForAssertion(() => Assert.Equal("Updating", StateOf(table, target.SerialNumber)), Timeout);
    }

    private static string? StateOf(IRenderedComponent<DeviceTable> table, string serial) =>
        table.FindAll("tr")
            .FirstOrDefault(row => row.QuerySelector("[data-testid=device-serial]")?.TextContent == serial)
            ?.QuerySelector("[data-testid=device-state]")?.GetAttribute("data-state");
}
