using DeviceTrust.Application.Fleet.ChangeDeviceState;
using DeviceTrust.Application.Fleet.Telemetry;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Tests.Fleet;

public sealed record ExpectedRow(string Serial, DeviceState State, string DeviceClass, string Manufacturer, string Group, string FirmwareVersion, bool Online);

/// <summary>
/// A seeded fleet (3 devices per fleet) with a spread of states and a few devices online, and the rows the device
/// table should show for it, derived from seed-data/ and the changes made here. The seed starts every fleet
/// Manufactured, so the devices outside the KUMO-M7-NEW fleet are first brought to Operational, as enrollment would.
/// </summary>
public sealed class FleetFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, DeviceState> StateChanges = new Dictionary<string, DeviceState>
    {
        ["KUMO-M7-00001"] = DeviceState.Updating,
        ["ACME-G2-TKY-00001"] = DeviceState.Revoked,
        ["ACME-T1-OSK-00001"] = DeviceState.Quarantined,
        ["KUMO-M7-NEW-00001"] = DeviceState.Bootstrapping,
    };

    public static bool BroughtOperational(string serial) => !serial.StartsWith("KUMO-M7-NEW-", StringComparison.Ordinal);

    public static readonly IReadOnlySet<string> OnlineSerials = new HashSet<string> { "ACME-T1-TKY-00001", "ACME-T1-TKY-00002", "KUMO-M7-00002" };

    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialized.");

    public IReadOnlyList<ExpectedRow> Expected { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        Dictionary<string, Guid> ids;
        await using (var db = await _database.CreateDbContextAsync())
        {
            ids = await db.Devices.ToDictionaryAsync(d => d.SerialNumber, d => d.Id);
        }
        await _database.BringToAsync(ids.Keys.Where(BroughtOperational), DeviceState.Operational);

        var handler = _database.Get<ChangeDeviceStateHandler>();
        foreach (var (serial, state) in StateChanges)
        {
            await handler.HandleAsync(new ChangeDeviceStateRequest(ids[serial], state, "fixture"), TestActors.Operator());
        }

        var now = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
        await _database.Get<DeviceReportBatchWriter>().WriteAsync(
            OnlineSerials.Select(s => (DeviceReport)new PresenceReport(ids[s], s, now, Online: true)).ToList());

        var manufacturers = ExpectedSeed.ClassManufacturers();
        Expected = ExpectedSeed.Devices(TestDatabase.MaxDevicesPerFleet)
            .Select(d => new ExpectedRow(
                d.Serial, StateChanges.GetValueOrDefault(d.Serial, BroughtOperational(d.Serial) ? DeviceState.Operational : Enum.Parse<DeviceState>(d.State)), d.DeviceClass,
                manufacturers[d.DeviceClass], d.Group, d.FirmwareVersion, OnlineSerials.Contains(d.Serial)))
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }

    public async Task<Guid> ClassIdAsync(string name)
    {
        await using var db = await Database.CreateDbContextAsync();
        return await db.DeviceClasses.Where(c => c.Name == name).Select(c => c.Id).SingleAsync();
    }
}
