using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Fleet;
using DeviceTrust.Application.Fleet.ChangeDeviceState;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Application.Fleet.ReleaseDevice;
using DeviceTrust.Application.Provisioning.Certificates;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Tests.Lifecycle;

/// <summary>
/// Every move of the lifecycle table, made by whichever use case makes it, is audited exactly once and published exactly
/// once; a refused move is neither. Each case works on a device of its own, so the seeded data stays as it was found.
/// (The protocol moves made by the registrar and EST are checked end to end in the web tests' bootstrap.)
/// </summary>
public sealed class LifecycleAuditTests(SeededDatabaseFixture fixture) : IClassFixture<SeededDatabaseFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private TestDatabase Database => fixture.Database;

    /// <summary>Every legal move but release from quarantine, which is a security officer's (ReleaseDevice), not an operator's state change.</summary>
    public static TheoryData<DeviceState, DeviceState> LegalMoves() =>
        new(Moves().Where(m => DeviceLifecycle.CanTransition(m.From, m.To) && m is not (DeviceState.Quarantined, DeviceState.Operational)));

    public static TheoryData<DeviceState, DeviceState> IllegalMoves() =>
        new(Moves().Where(m => !DeviceLifecycle.CanTransition(m.From, m.To) && m.From != m.To));

    [Theory]
    [MemberData(nameof(LegalMoves))]
    public async Task ChangeDeviceState_EveryLegalMove_OneAuditEntryAndOneNotification(DeviceState from, DeviceState to)
    {
        var device = await DeviceInAsync(from);
        using var recorder = new NotificationRecorder(Database.Get<IFleetNotifier>());

        await Database.Get<ChangeDeviceStateHandler>().HandleAsync(new ChangeDeviceStateRequest(device.Id, to, "lifecycle table"), TestActors.Operator(), Ct);

        await AssertMovedOnceAsync(device, from, to, "user:operator", recorder);
    }

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public async Task ChangeDeviceState_EveryIllegalMove_NeitherAuditedNorPublished(DeviceState from, DeviceState to)
    {
        var device = await DeviceInAsync(from);
        var before = await AuditOfAsync(device.Serial);
        using var recorder = new NotificationRecorder(Database.Get<IFleetNotifier>());

        await Assert.ThrowsAsync<InvalidTransitionException>(() =>
            Database.Get<ChangeDeviceStateHandler>().HandleAsync(new ChangeDeviceStateRequest(device.Id, to, "lifecycle table"), TestActors.Operator(), Ct));

        Assert.Equal(before.Count, (await AuditOfAsync(device.Serial)).Count);
        Assert.DoesNotContain(recorder.All, c => c.DeviceId == device.Id);
        Assert.Equal(from, await StateOfAsync(device.Id));
    }

    [Fact]
    public async Task ReleaseDevice_QuarantinedToOperational_OneAuditEntryByTheOfficer()
    {
        var device = await DeviceInAsync(DeviceState.Quarantined);
        using var recorder = new NotificationRecorder(Database.Get<IFleetNotifier>());

        var change = await Database.Get<ReleaseDeviceHandler>().HandleAsync(device.Id, "firmware re-flashed and checked", TestActors.SecurityOfficer(), Ct);

        Assert.Equal("released from quarantine: firmware re-flashed and checked", change.Reason);
        await AssertMovedOnceAsync(device, DeviceState.Quarantined, DeviceState.Operational, "user:officer", recorder);
    }

    [Theory]
    [InlineData(DeviceState.Manufactured)]
    [InlineData(DeviceState.Operational)]
    [InlineData(DeviceState.Updating)]
    public async Task RevokeDevice_AnyLiveState_OneStateChangeAuditEntryAndOneStateNotification(DeviceState from)
    {
        var device = await DeviceInAsync(from);
        using var recorder = new NotificationRecorder(Database.Get<IFleetNotifier>());

        await Database.Get<CertificateRevocation>().RevokeDeviceAsync(device.Id, CertificateRevocationReason.KeyCompromise, "stolen", TestActors.Operator(), Ct);

        await AssertMovedOnceAsync(device, from, DeviceState.Revoked, "user:operator", recorder);
    }

    private sealed record TestDevice(Guid Id, string Serial);

    private async Task<TestDevice> DeviceInAsync(DeviceState state)
    {
        var serial = $"LC-{Guid.NewGuid():N}"[..24].ToUpperInvariant();
        var registered = await Database.Get<RegisterDeviceHandler>().HandleAsync(
            new RegisterDeviceRequest(serial, "Acme Thermo T1", "Acme Sensors"), TestActors.Operator(), Ct);
        await Database.BringToAsync(serial, state);
        return new TestDevice(registered.Id, serial);
    }

    private async Task AssertMovedOnceAsync(TestDevice device, DeviceState from, DeviceState to, string by, NotificationRecorder recorder)
    {
        var moves = (await AuditOfAsync(device.Serial)).Where(e => e.Action == AuditActions.DeviceStateChanged).ToList();
        var move = Assert.Single(moves);
        Assert.Equal(by, move.Actor);
        using var details = JsonDocument.Parse(move.Details);
        Assert.Equal((from.ToString(), to.ToString()), (details.RootElement.GetProperty("from").GetString(), details.RootElement.GetProperty("to").GetString()));
        // Published synchronously by the save, so everything has arrived when the use case returns.
        Assert.Single(recorder.All, c => c.DeviceId == device.Id && c.Kind == DeviceChangeKind.StateChanged);
        Assert.Equal(to, await StateOfAsync(device.Id));
    }

    private async Task<List<Domain.Audit.AuditEntry>> AuditOfAsync(string serial)
    {
        await using var db = await Database.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(e => e.TargetId == serial).OrderBy(e => e.Sequence).ToListAsync(Ct);
    }

    private async Task<DeviceState> StateOfAsync(Guid id)
    {
        await using var db = await Database.CreateDbContextAsync();
        return await db.Devices.Where(d => d.Id == id).Select(d => d.State).SingleAsync(Ct);
    }

    private static IEnumerable<(DeviceState From, DeviceState To)> Moves() =>
        from f in Enum.GetValues<DeviceState>() from t in Enum.GetValues<DeviceState>() select (f, t);
}
