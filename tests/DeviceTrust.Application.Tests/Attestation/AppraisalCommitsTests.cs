using DeviceTrust.Application.Attestation.Verifier;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Tests.Attestation;

/// <summary>
/// The group commit of routine appraisals over a real SQLite file: many at once are all committed with their sessions'
/// answers and their audit entries in an intact chain; a second answer to a session is refused, in the same batch or
/// after; a batch that fails saves nothing and tells each of its callers to appraise again alone.
/// </summary>
public sealed class AppraisalCommitsTests : IAsyncLifetime
{
    private const string MediaType = "application/eat+cwt";
    private TestDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private AppraisalCommits Commits => _database.Get<AppraisalCommits>();

    /// <summary>Waiting sessions of a seeded device.</summary>
    private async Task<(Guid DeviceId, string Serial, List<AttestationSession> Sessions)> OpenAsync(int count)
    {
        await using var db = await _database.CreateDbContextAsync();
        var device = await db.Devices.AsNoTracking().OrderBy(d => d.SerialNumber).FirstAsync(Ct);
        var sessions = Enumerable.Range(0, count)
            .Select(_ => AttestationSession.Open(new byte[16], ChallengeResponseVerifier.SessionLifetime, "user:test", device.Id, DateTimeOffset.UtcNow)).ToList();
        db.AttestationSessions.AddRange(sessions);
        await db.SaveChangesAsync(Ct);
        return (device.Id, device.SerialNumber, sessions);
    }

    private static AttestationAppraisal Appraisal(Guid sessionId, Guid deviceId, string serial, string ear = "ear") =>
        AttestationAppraisal.Record(sessionId, deviceId, serial, [1, 2], MediaType, [0xD2], "{}", 1, "1.0.0", [], """{"instance-identity":2}""",
            AttestationVerdict.Affirming, "[]", ear, $"device:{serial}", DateTimeOffset.UtcNow);

    private Task Commit(AttestationAppraisal appraisal) => Commits.CommitAsync(appraisal, MediaType, [0xD2], appraisal.Result, DateTimeOffset.UtcNow, Ct);

    [Fact]
    public async Task ManyAtOnce_AllCommitted_EachSessionAnswered_OneAuditEntryEach_TheChainIntact()
    {
        var (deviceId, serial, sessions) = await OpenAsync(40);

        await Task.WhenAll(sessions.Select(s => Commit(Appraisal(s.Id, deviceId, serial, $"ear-{s.Id}"))));

        await using var db = await _database.CreateDbContextAsync();
        var ids = sessions.Select(s => s.Id).ToList();
        Assert.Equal(40, await db.AttestationAppraisals.CountAsync(a => ids.Contains(a.SessionId), Ct));
        var stored = await db.AttestationSessions.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(Ct);
        Assert.All(stored, s => Assert.Equal((AttestationSessionStatus.Complete, $"ear-{s.Id}"), (s.Status, s.Result)));
        Assert.Equal(40, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.DeviceAttested && e.TargetId == serial, Ct));
        Assert.True((await _database.Get<AuditQueries>().VerifyAsync(Ct)).Intact);
    }

    [Fact]
    public async Task TwoAnswersToOneSession_OneCommitted_TheOtherRefused()
    {
        var (deviceId, serial, sessions) = await OpenAsync(1);
        var session = sessions[0].Id;

        var answers = new[] { Commit(Appraisal(session, deviceId, serial, "first")), Commit(Appraisal(session, deviceId, serial, "second")) };
        // Both end, one way or the other; which is refused depends on the order they reach the loop.
        await Task.WhenAll(answers).ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.Equal(1, answers.Count(a => a.IsCompletedSuccessfully));
        var refused = answers.Where(a => a.IsFaulted).ToList();
        Assert.IsType<ConflictException>(Assert.Single(refused).Exception!.InnerException);
        await using var db = await _database.CreateDbContextAsync();
        Assert.Equal(1, await db.AttestationAppraisals.CountAsync(a => a.SessionId == session, Ct));
    }

    [Fact]
    public async Task AnsweredSession_Refused_NothingSaved()
    {
        var (deviceId, serial, sessions) = await OpenAsync(1);
        await Commit(Appraisal(sessions[0].Id, deviceId, serial));

        var replay = await Assert.ThrowsAsync<ConflictException>(() => Commit(Appraisal(sessions[0].Id, deviceId, serial)));

        Assert.Contains("answered meanwhile", replay.Message, StringComparison.Ordinal);
        await using var db = await _database.CreateDbContextAsync();
        Assert.Equal(1, await db.AttestationAppraisals.CountAsync(a => a.SessionId == sessions[0].Id, Ct));
    }

    [Fact]
    public async Task UnknownSession_Refused()
    {
        var (deviceId, serial, _) = await OpenAsync(0);

        var gone = await Assert.ThrowsAsync<ConflictException>(() => Commit(Appraisal(Guid.NewGuid(), deviceId, serial)));

        Assert.Contains("is gone", gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingBatch_NothingOfItSaved_ItsCallerToldToAppraiseAlone_TheNextBatchUnaffected()
    {
        var (deviceId, serial, sessions) = await OpenAsync(2);

        // An appraisal of a device that does not exist breaks the foreign key: the transaction fails as a whole.
        await Assert.ThrowsAsync<GroupCommitFailedException>(() => Commit(Appraisal(sessions[0].Id, Guid.NewGuid(), serial)));
        await Commit(Appraisal(sessions[1].Id, deviceId, serial));

        await using var db = await _database.CreateDbContextAsync();
        var first = await db.AttestationSessions.AsNoTracking().SingleAsync(s => s.Id == sessions[0].Id, Ct);
        Assert.Equal(AttestationSessionStatus.Waiting, first.Status);
        Assert.Equal(0, await db.AttestationAppraisals.CountAsync(a => a.SessionId == sessions[0].Id, Ct));
        Assert.Equal(1, await db.AttestationAppraisals.CountAsync(a => a.SessionId == sessions[1].Id, Ct));
        Assert.True((await _database.Get<AuditQueries>().VerifyAsync(Ct)).Intact);
    }
}
