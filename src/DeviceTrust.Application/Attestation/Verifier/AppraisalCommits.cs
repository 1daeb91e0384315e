using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain;
using DeviceTrust.Domain.Attestation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Application.Attestation.Verifier;

/// <summary>
/// Routine appraisals, committed together (a <see cref="GroupCommit{T}"/>): every routine appraisal waiting is saved in
/// one transaction through the audit trail, which answers each one's session afresh (so a second answer to a session, in
/// this batch or already saved, is refused as before), adds the appraisal and its audit entry, and commits; then each
/// caller goes on. A caller returns only once its appraisal is committed, as before.
/// Only the routine case comes here (affirming, no key bound now: <see cref="ChallengeResponseVerifier"/>); a batch that
/// fails as a whole (another writer changed one of its sessions) fails each of its callers with
/// <see cref="GroupCommitFailedException"/>, and each appraises again alone, as a single save would have.
/// </summary>
public sealed class AppraisalCommits : IAsyncDisposable
{
    private readonly IDeviceTrustDbContextFactory _dbFactory;
    private readonly AuditTrail _audit;
    private readonly GroupCommit<Pending> _commits;

    /// <summary>An appraisal waiting, with what its session is answered with.</summary>
    private sealed record Pending(AttestationAppraisal Appraisal, string MediaType, byte[] Evidence, string Result, DateTimeOffset AnsweredAt);

    public AppraisalCommits(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, ILogger<AppraisalCommits> logger)
    {
        _dbFactory = dbFactory;
        _audit = audit;
        _commits = new GroupCommit<Pending>(CommitAsync, logger, "appraisals");
    }

    /// <summary>
    /// Answers the appraisal's session with <paramref name="evidence"/> and <paramref name="result"/> and saves the
    /// appraisal with its audit entry; returns once committed. The appraisal must not be tracked by another context.
    /// </summary>
    /// <exception cref="ConflictException">The session was answered meanwhile (a replay), or is gone.</exception>
    /// <exception cref="GroupCommitFailedException">The batch failed as a whole; appraise again alone.</exception>
    public Task CommitAsync(AttestationAppraisal appraisal, string mediaType, byte[] evidence, string result, DateTimeOffset answeredAt,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appraisal);
        return _commits.CommitAsync(new Pending(appraisal, mediaType, evidence, result, answeredAt), cancellationToken);
    }

    private async Task CommitAsync(IReadOnlyList<GroupCommit<Pending>.Entry> batch)
    {
        await using var db = await _dbFactory.CreateAsync();
        var ids = batch.Select(e => e.Item.Appraisal.SessionId).Distinct().ToList();
        var sessions = await db.AttestationSessions.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id);
        var accepted = 0;
        foreach (var entry in batch)
        {
            var pending = entry.Item;
            var id = pending.Appraisal.SessionId;
            if (!sessions.TryGetValue(id, out var session))
            {
                entry.Refuse(new ConflictException($"Session {id} is gone: it expired and was removed."));
                continue;
            }
            try
            {
                session.Answer(pending.MediaType, pending.Evidence, pending.AnsweredAt);
                session.Complete(pending.Result);
            }
            catch (DomainException e)
            {
                // Answered by another request since this one read it, or earlier in this very batch.
                entry.Refuse(new ConflictException($"Session {id} was answered meanwhile: a session takes one answer.", e));
                continue;
            }
            db.AttestationAppraisals.Add(pending.Appraisal);
            accepted++;
        }
        if (accepted == 0) return;
        // Routine verdicts only, so deferred like the single save they replace (ChallengeResponseVerifier.DurabilityOf).
        await _audit.SaveAsync(db, SaveDurability.Deferred);
    }

    public ValueTask DisposeAsync() => _commits.DisposeAsync();
}
