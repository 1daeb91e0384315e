using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Tests.Fleet;

public sealed class RegisterDeviceTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private Task<RegisteredDevice> RegisterAsync(RegisterDeviceRequest request, Actor? actor = null) =>
        _database.Get<RegisterDeviceHandler>().HandleAsync(request, actor ?? TestActors.Operator(), TestContext.Current.CancellationToken);

    [Fact]
    public async Task HandleAsync_ValidRequest_RegistersAManufacturedDevice()
    {
        using var recorder = new NotificationRecorder(_database.Get<IFleetNotifier>());

        var registered = await RegisterAsync(new RegisterDeviceRequest("ACME-T1-NEW-1", "Acme Thermo T1", "Acme Sensors", "Osaka warehouse"));

        Assert.Equal("ACME-T1-NEW-1", registered.SerialNumber);
        await using var db = await _database.CreateDbContextAsync();
        var device = await db.Devices.SingleAsync(d => d.SerialNumber == "ACME-T1-NEW-1", TestContext.Current.CancellationToken);
        Assert.Equal(registered.Id, device.Id);
        Assert.Equal(DeviceState.Manufactured, device.State);
        Assert.Equal("Acme Thermo T1", await db.DeviceClasses.Where(c => c.Id == device.DeviceClassId).Select(c => c.Name).SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Osaka warehouse", await db.DeviceGroups.Where(g => g.Id == device.GroupId).Select(g => g.Name).SingleAsync(TestContext.Current.CancellationToken));

        var audit = await db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync(TestContext.Current.CancellationToken);
        Assert.Equal(AuditActions.DeviceRegistered, audit.Action);
        Assert.Equal("user:operator", audit.Actor);
        Assert.Equal(AuditTargets.Device, audit.TargetType);
        Assert.Equal("ACME-T1-NEW-1", audit.TargetId);
        using var details = JsonDocument.Parse(audit.Details);
        Assert.Equal("Acme Thermo T1", details.RootElement.GetProperty("deviceClass").GetString());

        await recorder.WaitUntilAsync(b => b.Count > 0, "the registration is published");
        var change = Assert.Single(recorder.All);
        Assert.Equal(new DeviceChanged(registered.Id, "ACME-T1-NEW-1", DeviceChangeKind.Registered), change);
    }

    [Fact]
    public async Task HandleAsync_NoGroup_RegistersTheDeviceUngrouped()
    {
        await RegisterAsync(new RegisterDeviceRequest("SN-A", "Kumo Meter M7", "Kumo Devices"));

        await using var db = await _database.CreateDbContextAsync();
        Assert.Null(await db.Devices.Where(d => d.SerialNumber == "SN-A").Select(d => d.GroupId).SingleAsync(TestContext.Current.CancellationToken));
    }

    public static TheoryData<string, string, string, string?, string> Refused() => new()
    {
        { "ACME-T1-TKY-00001", "Acme Thermo T1", "Acme Sensors", null, "serialNumber" },
        { "SN-NEW-1", "Acme Toaster", "Acme Sensors", null, "deviceClass" },
        { "SN-NEW-1", "Kumo Meter M7", "Acme Sensors", null, "deviceClass" },
        { "SN-NEW-1", "Acme Thermo T1", "Kumo Devices", null, "deviceClass" },
        { "bad serial", "Acme Thermo T1", "Acme Sensors", null, "serialNumber" },
        { "", "Acme Thermo T1", "Acme Sensors", null, "serialNumber" },
        { new string('S', 65), "Acme Thermo T1", "Acme Sensors", null, "serialNumber" },
        { "SN-NEW-1", "Acme Thermo T1", "Nobody Inc", null, "manufacturer" },
        { "SN-NEW-1", " ", "Acme Sensors", null, "deviceClass" },
        { "SN-NEW-1", "Acme Thermo T1", "Acme Sensors", "No such group", "group" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task HandleAsync_InvalidRequest_ThrowsNamingTheFieldAndPersistsNothing(string serial, string deviceClass, string manufacturer, string? group, string field)
    {
        var before = await CountsAsync();

        var e = await Assert.ThrowsAsync<RequestValidationException>(() => RegisterAsync(new RegisterDeviceRequest(serial, deviceClass, manufacturer, group)));

        Assert.Contains(field, e.Errors.Keys);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task HandleAsync_ActorNotOperator_ForbiddenAndPersistsNothing()
    {
        var before = await CountsAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => RegisterAsync(new RegisterDeviceRequest("SN-NEW-2", "Acme Thermo T1", "Acme Sensors"), TestActors.Auditor()));

        Assert.Equal(before, await CountsAsync());
    }

    private async Task<(int Devices, int Audit)> CountsAsync()
    {
        await using var db = await _database.CreateDbContextAsync();
        return (await db.Devices.CountAsync(TestContext.Current.CancellationToken), await db.AuditEntries.CountAsync(TestContext.Current.CancellationToken));
    }
}
