using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Fleet.ChangeDeviceState;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DeviceTrust.Application.Tests.Audit;

/// <summary>
/// The audit log's filters over the real database. The log: 1 pki.created, 2 tpa.created, 3 tpa.granted, 4 trust-anchor.added,
/// 5-7 the same three for the firmware catalog's key, 8 fleet.seeded (all system, at T), 9 device.registered (operator, T+1s),
/// 10 device.state-changed (operator, T+2s), 11 device.state-changed (security, T+3s), 12 device.state-changed by the device
/// itself (device:ACME-T1-TKY-00001 about itself, T+4s).
/// </summary>
public sealed class AuditQueryFilterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(T);
    private TestDatabase _database = null!;
    private Guid _device1;
    private Guid _device2;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AuditQueries Queries => _database.Get<AuditQueries>();

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(configure: b => b.Services.AddSingleton<TimeProvider>(_clock));
        _clock.Advance(TimeSpan.FromSeconds(1));
        _device1 = (await _database.Get<RegisterDeviceHandler>().HandleAsync(
            new RegisterDeviceRequest("AUDIT-SN-1", "Acme Thermo T1", "Acme Sensors"), TestActors.Operator(), Ct)).Id;
        var changes = _database.Get<ChangeDeviceStateHandler>();
        _clock.Advance(TimeSpan.FromSeconds(1));
        await changes.HandleAsync(new ChangeDeviceStateRequest(_device1, DeviceState.Bootstrapping, "voucher requested"), TestActors.Operator(), Ct);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await changes.HandleAsync(new ChangeDeviceStateRequest(_device1, DeviceState.Revoked, "Quarantined in transit"),
            Actor.User("security", "sec-id", ["Operator"]), Ct);
        _device2 = await _database.BringToAsync("ACME-T1-TKY-00001", DeviceState.Enrolled);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await using var db = await _database.CreateDbContextAsync();
        var device = await db.Devices.FindAsync([_device2], Ct);
        device!.TransitionTo(DeviceState.Operational, "first connection with its LDevID", "device:ACME-T1-TKY-00001", _clock.GetUtcNow());
        await _database.Get<AuditTrail>().SaveAsync(db, Ct);
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private async Task<long[]> SequencesAsync(AuditQuery query) => (await Queries.ListAsync(query, Ct)).Items.Select(e => e.Sequence).ToArray();

    private async Task ExpectAsync(long[] sequences, AuditQuery query) => Assert.Equal(sequences, await SequencesAsync(query));

    [Fact]
    public async Task ListAsync_Actions_MatchAnyOfThemExactly()
    {
        await ExpectAsync([12L, 11, 10], new AuditQuery(Actions: [AuditActions.DeviceStateChanged]));
        await ExpectAsync([9L, 1], new AuditQuery(Actions: [AuditActions.DeviceRegistered, " " + AuditActions.DomainPkiCreated]));
        Assert.Empty(await SequencesAsync(new AuditQuery(Actions: ["device.state"])));
    }

    [Fact]
    public async Task ListAsync_Actor_MatchesPartIgnoringCase()
    {
        await ExpectAsync([10L, 9], new AuditQuery(Actor: "OPERATOR"));
        await ExpectAsync([8L, 7, 6, 5, 4, 3, 2, 1], new AuditQuery(Actor: "system"));
        await ExpectAsync([12L], new AuditQuery(Actor: "device:acme-t1"));
    }

    [Fact]
    public async Task ListAsync_Target_TypeAloneOrWithItsId()
    {
        await ExpectAsync([7L, 4], new AuditQuery(TargetType: AuditTargets.TrustAnchor));
        await ExpectAsync([12L, 11, 10, 9], new AuditQuery(TargetType: AuditTargets.Device));
        await ExpectAsync([12L], new AuditQuery(TargetType: AuditTargets.Device, TargetId: "ACME-T1-TKY-00001"));
        // Exact, not a part of the id.
        Assert.Empty(await SequencesAsync(new AuditQuery(TargetType: AuditTargets.Device, TargetId: "ACME-T1")));
    }

    [Fact]
    public async Task ListAsync_TimeRange_BothEndsInclusive()
    {
        await ExpectAsync([12L, 11, 10], new AuditQuery(From: T.AddSeconds(2)));
        await ExpectAsync([9L, 8, 7, 6, 5, 4, 3, 2, 1], new AuditQuery(To: T.AddSeconds(1)));
        await ExpectAsync([10L, 9], new AuditQuery(From: T.AddSeconds(1), To: T.AddSeconds(2)));
        await ExpectAsync([11L], new AuditQuery(From: T.AddSeconds(3), To: T.AddSeconds(3)));
    }

    [Fact]
    public async Task ListAsync_TimeRangeInAnotherOffset_ComparesTheInstant()
    {
        var tokyo = TimeSpan.FromHours(9);

        await ExpectAsync([12L, 11], new AuditQuery(From: T.AddSeconds(3).ToOffset(tokyo)));
        await ExpectAsync([10L, 9, 8, 7, 6, 5, 4, 3, 2, 1], new AuditQuery(To: T.AddSeconds(2).ToOffset(tokyo)));
    }

    [Fact]
    public async Task ListAsync_FiltersCombined_AllMustMatch()
    {
        var query = new AuditQuery(Search: "quarantined", TargetType: AuditTargets.Device, TargetId: "AUDIT-SN-1",
            Actions: [AuditActions.DeviceStateChanged], Actor: "security", From: T.AddSeconds(3), To: T.AddSeconds(3));

        await ExpectAsync([11L], query);
        Assert.Empty(await SequencesAsync(query with { Actor = "operator" }));
        Assert.Empty(await SequencesAsync(query with { To = T.AddSeconds(2), From = null }));
    }

    [Fact]
    public async Task ListAsync_FilteredPages_CountTheFilteredEntries()
    {
        var actions = new[] { AuditActions.DeviceStateChanged, AuditActions.DeviceRegistered };

        var first = await Queries.ListAsync(new AuditQuery(Page: 0, PageSize: 3, Actions: actions), Ct);
        var second = await Queries.ListAsync(new AuditQuery(Page: 1, PageSize: 3, Actions: actions), Ct);
        var beyond = await Queries.ListAsync(new AuditQuery(Page: 5, PageSize: 3, Actions: actions), Ct);

        Assert.Equal([12L, 11, 10], first.Items.Select(e => e.Sequence));
        Assert.Equal([9L], second.Items.Select(e => e.Sequence));
        Assert.Empty(beyond.Items);
        Assert.All(new[] { first, second, beyond }, p => Assert.Equal(4, p.TotalCount));
    }

    public static TheoryData<AuditQuery, string> InvalidQueries => new()
    {
        { new AuditQuery(From: T.AddSeconds(2), To: T.AddSeconds(1)), "to" },
        { new AuditQuery(Actions: [" "]), "action" },
        { new AuditQuery(Actions: [new string('a', 101)]), "action" },
        { new AuditQuery(Actions: Enumerable.Range(0, AuditQueries.MaxActions + 1).Select(i => $"a{i}").ToArray()), "action" },
        { new AuditQuery(Actor: new string('x', 201)), "actor" },
        { new AuditQuery(TargetType: new string('t', 51)), "targetType" },
        { new AuditQuery(TargetId: new string('i', 201)), "targetId" },
        { new AuditQuery(PageSize: 501), "pageSize" },
        { new AuditQuery(Page: -1), "page" },
    };

    [Theory]
    [MemberData(nameof(InvalidQueries))]
    public async Task ListAsync_InvalidFilter_RefusedNamingTheField(AuditQuery query, string field)
    {
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => Queries.ListAsync(query, Ct));

        Assert.Equal([field], refused.Errors.Keys);
    }

    [Fact]
    public async Task FilterOptionsAsync_KnownAndStoredActionsAndTargetTypes_SortedOnce()
    {
        var options = await Queries.FilterOptionsAsync(Ct);

        Assert.Contains(AuditActions.PledgeApproved, options.Actions);
        Assert.Contains("fleet.seeded", options.Actions);
        Assert.Equal(options.Actions.Order(StringComparer.Ordinal), options.Actions);
        Assert.Equal(options.Actions.Distinct(), options.Actions);
        Assert.Contains(AuditTargets.ProvisioningAuthority, options.TargetTypes);
        Assert.Contains("fleet", options.TargetTypes);
        Assert.DoesNotContain("", options.TargetTypes);
    }

    [Fact]
    public async Task DeviceIdsAsync_TargetsAndDeviceActors_ResolvedInOneLookup()
    {
        var entries = (await Queries.ListAsync(new AuditQuery(), Ct)).Items;

        var ids = await Queries.DeviceIdsAsync(entries, Ct);

        Assert.Equal(new Dictionary<string, Guid> { ["AUDIT-SN-1"] = _device1, ["ACME-T1-TKY-00001"] = _device2 }, ids);
        Assert.Equal("ACME-T1-TKY-00001", AuditQueries.ActorDeviceSerial("device:ACME-T1-TKY-00001"));
        Assert.Null(AuditQueries.ActorDeviceSerial("user:device:x"));
        Assert.Null(AuditQueries.ActorDeviceSerial("device:"));
    }
}
