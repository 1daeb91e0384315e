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
