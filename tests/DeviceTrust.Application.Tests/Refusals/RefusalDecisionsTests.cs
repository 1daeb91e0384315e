using System.Text.Json;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.Refusals;
using DeviceTrust.Application.Refusals.AcknowledgeRefusal;
using DeviceTrust.Application.Refusals.ListRefusals;
using DeviceTrust.Domain.Refusals;
using DeviceTrust.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static DeviceTrust.Application.Tests.Refusals.RefusalTestData;

namespace DeviceTrust.Application.Tests.Refusals;

/// <summary>Reading refusals (filters, the 24-hour summary) and a security officer's decisions about them.</summary>
public sealed class RefusalDecisionsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(T0.AddHours(1));
    private TestDatabase _database = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(configure: b => b.Services.AddSingleton<TimeProvider>(_clock));
        await _database.WriteAsync(
            Report(source: "192.0.2.1", at: T0),
            Report(source: "192.0.2.1", at: T0.AddMinutes(1)),
            Report(source: "192.0.2.1", category: RefusalCategory.RevokedCertificate, endpoint: RefusalEndpoint.Est, fingerprint: 2, at: T0.AddMinutes(2)),
            Report(source: "198.51.100.9", category: RefusalCategory.UnknownSerial, serial: "NOPE-1", fingerprint: 3, at: T0.AddMinutes(3)),
            Report(source: "203.0.113.5", category: null, endpoint: RefusalEndpoint.Hub, serial: null, fingerprint: 4, at: T0.AddDays(-3)));
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RefusalQueries Queries => _database.Get<RefusalQueries>();

    private AcknowledgeRefusalHandler Acknowledgements => _database.Get<AcknowledgeRefusalHandler>();

    private async Task<IReadOnlyList<RefusalRow>> ListAsync(RefusalQuery query) => (await Queries.ListAsync(query, TestActors.Auditor(), Ct)).Items;

    private async Task<Guid> IdOfAsync(string source, RefusalCategory category) =>
        (await _database.RefusalsAsync()).Single(r => r.SourceAddress == source && r.Category == category).Id;

    [Fact]
    public async Task ListAsync_NoFilter_ListsEveryRowMostRecentFirst()
    {
        var page = await Queries.ListAsync(new RefusalQuery(PageSize: 2), TestActors.SecurityOfficer(), Ct);

        Assert.Equal(4, page.TotalCount);
        Assert.Equal(["198.51.100.9", "192.0.2.1"], page.Items.Select(r => r.SourceAddress));
        Assert.Equal(RefusalCategory.UnknownSerial, page.Items[0].Category);
    }

    [Fact]
    public async Task ListAsync_Filters_CombineWithAnd()
    {
        Assert.Equal(2, (await ListAsync(new RefusalQuery(SourceAddress: "192.0.2.1"))).Count);
        var idevid = Assert.Single(await ListAsync(new RefusalQuery(Category: RefusalCategory.UntrustedIdevid)));
        Assert.Equal(2, idevid.Count);
        Assert.Equal(RefusalEndpoint.Est, Assert.Single(await ListAsync(new RefusalQuery(Endpoint: RefusalEndpoint.Est))).Endpoint);
        Assert.Equal("NOPE-1", Assert.Single(await ListAsync(new RefusalQuery(Search: "nope"))).SerialNumber);
        Assert.Equal(FingerprintOf(4), Assert.Single(await ListAsync(new RefusalQuery(Search: FingerprintOf(4)[^12..]))).Fingerprint);
        Assert.Equal(3, (await ListAsync(new RefusalQuery(Since: T0))).Count);
        Assert.Equal("203.0.113.5", Assert.Single(await ListAsync(new RefusalQuery(Until: T0))).SourceAddress);
        var deviceId = await _database.DeviceIdAsync("KUMO-M7-00001");
        Assert.Equal(2, (await ListAsync(new RefusalQuery(DeviceId: deviceId))).Count);
        Assert.Empty(await ListAsync(new RefusalQuery(SourceAddress: "192.0.2.1", Category: RefusalCategory.UnknownSerial)));
        Assert.Equal(4, (await ListAsync(new RefusalQuery(Status: RefusalStatus.Open))).Count);
    }

    [Fact]
    public async Task SummaryAsync_Last24Hours_CountsRowsAndRequestsByCategory()
    {
        var summary = await Queries.SummaryAsync(TestActors.Auditor(), Ct);

        Assert.Equal(
            [new RefusalCategoryCount(RefusalCategory.UntrustedIdevid, 1, 2), new RefusalCategoryCount(RefusalCategory.UnknownSerial, 1, 1),
                new RefusalCategoryCount(RefusalCategory.RevokedCertificate, 1, 1)],
            summary.ByCategory);
        Assert.Equal(4, summary.Open);
        Assert.Equal(4, summary.Total);
    }

    [Fact]
    public async Task ListAsync_Operator_IsForbidden()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => Queries.ListAsync(new RefusalQuery(), TestActors.Operator(), Ct));
        await Assert.ThrowsAsync<ForbiddenException>(() => Queries.SummaryAsync(TestActors.Operator(), Ct));
    }

    [Fact]
    public async Task AcknowledgeAsync_NotASecurityOfficer_IsForbiddenAndChangesNothing()
    {
        var id = await IdOfAsync("198.51.100.9", RefusalCategory.UnknownSerial);

        await Assert.ThrowsAsync<ForbiddenException>(() => Acknowledgements.AcknowledgeAsync(id, "looks fine", TestActors.Auditor(), Ct));
        await Assert.ThrowsAsync<ForbiddenException>(() => Acknowledgements.AcknowledgeAsync(id, "looks fine", TestActors.Operator(), Ct));
        await Assert.ThrowsAsync<ForbiddenException>(() => Acknowledgements.AcknowledgeSourceAsync("192.0.2.1", "looks fine", TestActors.Operator(), Ct));

        Assert.All(await _database.RefusalsAsync(), r => Assert.Equal(RefusalStatus.Open, r.Status));
        Assert.Empty(await _database.AuditAsync(AuditActions.RefusalAcknowledged));
    }

    [Fact]
    public async Task AcknowledgeAsync_SecurityOfficer_RecordsTheDecisionAuditedOnceAndPublishes()
    {
        var id = await IdOfAsync("198.51.100.9", RefusalCategory.UnknownSerial);
        var published = new List<RefusalsChanged>();
        using var subscription = _database.Get<IRefusalNotifier>().Subscribe(c =>
        {
            lock (published) published.Add(c);
            return Task.CompletedTask;
        });

        await Acknowledgements.AcknowledgeAsync(id, " a scanner in the lab ", TestActors.SecurityOfficer(), Ct);
        await Assert.ThrowsAsync<ConflictException>(() => Acknowledgements.AcknowledgeAsync(id, "again", TestActors.SecurityOfficer(), Ct));

        var row = (await _database.RefusalsAsync()).Single(r => r.Id == id);
        Assert.Equal((RefusalStatus.Acknowledged, "user:officer", "a scanner in the lab", _clock.GetUtcNow()),
            (row.Status, row.AcknowledgedBy, row.AcknowledgementNote, row.AcknowledgedAt!.Value));
        var audit = Assert.Single(await _database.AuditAsync(AuditActions.RefusalAcknowledged));
        Assert.Equal(("user:officer", AuditTargets.Refusal, id.ToString()), (audit.Actor, audit.TargetType, audit.TargetId));
        using var details = JsonDocument.Parse(audit.Details);
        Assert.Equal("a scanner in the lab", details.RootElement.GetProperty("note").GetString());
        Assert.Equal("198.51.100.9", details.RootElement.GetProperty("source").GetString());
        await Wait.UntilAsync(() => { lock (published) return published.Count > 0; }, "the acknowledgement is published");
    }

    [Fact]
    public async Task AcknowledgeSourceAsync_SecurityOfficer_AcknowledgesTheOpenRowsOfThatSourceOnly()
    {
        var first = await IdOfAsync("192.0.2.1", RefusalCategory.UntrustedIdevid);
        await Acknowledgements.AcknowledgeAsync(first, "known", TestActors.SecurityOfficer(), Ct);

        var count = await Acknowledgements.AcknowledgeSourceAsync("192.0.2.1", "bench", TestActors.SecurityOfficer(), Ct);

        Assert.Equal(1, count);
        var rows = await _database.RefusalsAsync();
        Assert.All(rows.Where(r => r.SourceAddress == "192.0.2.1"), r => Assert.Equal(RefusalStatus.Acknowledged, r.Status));
        Assert.Equal("known", rows.Single(r => r.Id == first).AcknowledgementNote);
        Assert.All(rows.Where(r => r.SourceAddress != "192.0.2.1"), r => Assert.Equal(RefusalStatus.Open, r.Status));
        Assert.Equal(2, (await _database.AuditAsync(AuditActions.RefusalAcknowledged)).Count);
    }

    [Fact]
    public async Task AcknowledgeAsync_WithoutNote_IsInvalid()
    {
        var id = await IdOfAsync("198.51.100.9", RefusalCategory.UnknownSerial);

        await Assert.ThrowsAsync<RequestValidationException>(() => Acknowledgements.AcknowledgeAsync(id, " ", TestActors.SecurityOfficer(), Ct));
        Assert.Empty(await _database.AuditAsync(AuditActions.RefusalAcknowledged));
    }
}
