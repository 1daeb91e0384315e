using DeviceTrust.Application.Attestation.Verifier;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DeviceTrust.Application.Tests.Attestation;

/// <summary>Sessions nobody will answer are deleted after a grace period; answered ones stay for the history.</summary>
public sealed class SessionPruningTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prune_ExpiredUnansweredAndFailedAfterTheGrace_KeepsAppraisedAndLiveOnes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        await using var database = await TestDatabase.CreateAsync(seed: false, configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var lifetime = ChallengeResponseVerifier.SessionLifetime;
        var start = clock.GetUtcNow();
        AttestationSession Open() => AttestationSession.Open(new byte[16], lifetime, "user:test", null, start);
        var unanswered = Open();
        var failed = Open();
        failed.Answer("application/eat+cwt", [1], start.AddSeconds(1));
        failed.Fail("malformed evidence");
        var complete = Open();
        complete.Answer("application/eat+cwt", [1], start.AddSeconds(1));
        complete.Complete("ear");
        await using (var db = await database.CreateDbContextAsync())
        {
            db.AttestationSessions.AddRange(unanswered, failed, complete);
            await db.SaveChangesAsync(Ct);
        }
        var pruning = database.Get<SessionPruning>();

        // Within the grace period nothing goes: a late answer still meets its session.
        clock.Advance(lifetime + SessionPruning.Grace - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await pruning.PruneAsync(Ct));
        clock.Advance(TimeSpan.FromSeconds(2));
        var live = AttestationSession.Open(new byte[16], lifetime, "user:test", null, clock.GetUtcNow());
        await using (var db = await database.CreateDbContextAsync())
        {
            db.AttestationSessions.Add(live);
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal(2, await pruning.PruneAsync(Ct));

        await using var read = await database.CreateDbContextAsync();
        Assert.Equal(new[] { complete.Id, live.Id }.Order(), (await read.AttestationSessions.Select(s => s.Id).ToListAsync(Ct)).Order());
    }
}
