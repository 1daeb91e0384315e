using DeviceTrust.Application.Audit;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DeviceTrust.Infrastructure.Tests;

public sealed class AuditPersistenceTests
{
    private static readonly DateTimeOffset WholeSecond = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SaveAsync_WholeSecondTimestampReloaded_HashStillMatches()
    {
        var entry = await SaveAndReloadAsync(WholeSecond);

        Assert.Equal(WholeSecond, entry.Timestamp);
        Assert.Equal(entry.Hash, entry.ComputeHash());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1234)]
    [InlineData(9_999)]
    public async Task SaveAsync_SubMillisecondTimestampReloaded_HashStillMatches(long extraTicks)
    {
        // TimeProvider.System reads the clock to 100 ns on Linux, so nearly every real entry has such ticks.
        var entry = await SaveAndReloadAsync(WholeSecond.AddTicks(extraTicks));

        Assert.Equal(entry.Hash, entry.ComputeHash());
    }

    [Fact]
    public async Task SaveAsync_AnotherInstanceAppendedMeanwhile_AppendsAfterItsEntryAndTheChainStaysIntact()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await TestDatabase.CreateAsync(seed: false);
        // A second app instance on the same database file: its own AuditTrail, its own memory of the last entry.
        await using var second = await TestDatabase.CreateAsync(seed: false, existingFile: first.FilePath, initialize: false);

        await RecordAsync(first, "SN-A1");
        await RecordAsync(second, "SN-B1");
        // The first instance remembers SN-A1 as the last entry; SN-B1 took the next sequence number meanwhile.
        await RecordAsync(first, "SN-A2");
        await RecordAsync(second, "SN-B2");

        await using var reload = await first.CreateDbContextAsync();
        var chain = await reload.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(ct);
        Assert.True(AuditChain.Verify(chain).Intact);
        Assert.Equal(["SN-A1", "SN-B1", "SN-A2", "SN-B2"], chain.Where(e => e.TargetId.StartsWith("SN-", StringComparison.Ordinal)).Select(e => e.TargetId));
        Assert.Equal(Enumerable.Range(1, chain.Count).Select(i => (long)i), chain.Select(e => e.Sequence));

        static async Task RecordAsync(TestDatabase database, string serial)
        {
            await using var db = await database.CreateDbContextAsync();
            await database.Get<AuditTrail>().SaveAsync(db, new AuditRecord("user:alice", "device.registered", "device", serial, "{}"), TestContext.Current.CancellationToken);
        }
    }

    private static async Task<AuditEntry> SaveAndReloadAsync(DateTimeOffset now)
    {
        var clock = new FakeTimeProvider(now);
        await using var database = await TestDatabase.CreateAsync(seed: false, configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        await using (var db = await database.CreateDbContextAsync())
        {
            await database.Get<AuditTrail>().SaveAsync(
                db, new AuditRecord("user:alice", "device.registered", "device", "SN-1", "{}"), TestContext.Current.CancellationToken);
        }

        await using var reload = await database.CreateDbContextAsync();
        // The first start already audited the domain PKI's creation; the test's entry is the one for SN-1.
        var chain = await reload.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(TestContext.Current.CancellationToken);
        Assert.True(AuditChain.Verify(chain).Intact);
        return chain.Single(e => e.TargetId == "SN-1");
    }
}
