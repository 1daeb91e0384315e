using System.Threading.Channels;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain;
using DeviceTrust.Domain.Attestation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Application.Attestation.Verifier;

/// <summary>
/// Routine appraisals, committed together (a group commit). The database takes one write at a time and the audit chain
/// one append at a time, so under load every session's appraisal waited its turn twice. Here one loop takes every routine
/// appraisal waiting and, in one transaction through the audit trail, answers each one's session afresh (so a second
/// answer to a session, in this batch or already saved, is refused as before), adds the appraisal and its audit entry,
/// and commits; then each caller goes on. A caller returns only once its appraisal is committed, as before.
/// Only the routine case comes here (affirming, no key bound now: <see cref="ChallengeResponseVerifier"/>); a batch that
/// fails as a whole (another writer changed one of its sessions) fails each of its callers with
/// <see cref="AppraisalBatchFailedException"/>, and each appraises again alone, as a single save would have.
/// </summary>
public sealed class AppraisalCommits : IAsyncDisposable
{
    /// <summary>The most appraisals one transaction takes; the rest wait for the next.</summary>
    public const int MaxBatch = 64;

    private readonly IDeviceTrustDbContextFactory _dbFactory;
    private readonly AuditTrail _audit;
    private readonly ILogger<AppraisalCommits> _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    /// <summary>An appraisal waiting, with what its session is answered with.</summary>
    private sealed record Pending(AttestationAppraisal Appraisal, string MediaType, byte[] Evidence, string Result, DateTimeOffset AnsweredAt)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public AppraisalCommits(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, ILogger<AppraisalCommits> logger)
    {
        _dbFactory = dbFactory;
        _audit = audit;
        _logger = logger;
        _loop = Task.Run(CommitLoopAsync);
    }

    /// <summary>
    /// Answers the appraisal's session with <paramref name="evidence"/> and <paramref name="result"/> and saves the
    /// appraisal with its audit entry; returns once committed. The appraisal must not be tracked by another context.
    /// </summary>
    /// <exception cref="ConflictException">The session was answered meanwhile (a replay), or is gone.</exception>
    /// <exception cref="AppraisalBatchFailedException">The batch failed as a whole; appraise again alone.</exception>
    public Task CommitAsync(AttestationAppraisal appraisal, string mediaType, byte[] evidence, string result, DateTimeOffset answeredAt,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appraisal);
        var pending = new Pending(appraisal, mediaType, evidence, result, answeredAt);
        if (!_queue.Writer.TryWrite(pending))
            throw new InvalidOperationException("Appraisals are no longer taken: the app is shutting down.");
        // A caller that gives up does not take its appraisal back: it is committed (or refused) with its batch.
        return pending.Committed.Task.WaitAsync(cancellationToken);
    }

    private async Task CommitLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
            try
            {
                await CommitAsync(batch);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "A batch of {Count} appraisals failed as a whole; each is appraised again alone", batch.Count);
                foreach (var pending in batch) pending.Committed.TrySetException(new AppraisalBatchFailedException(e));
            }
            batch.Clear();
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        await using var db = await _dbFactory.CreateAsync();
        var ids = batch.Select(p => p.Appraisal.SessionId).Distinct().ToList();
        var sessions = await db.AttestationSessions.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id);
        var accepted = new List<Pending>(batch.Count);
        foreach (var pending in batch)
        {
            var id = pending.Appraisal.SessionId;
            if (!sessions.TryGetValue(id, out var session))
            {
                pending.Committed.TrySetException(new ConflictException($"Session {id} is gone: it expired and was removed."));
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
                pending.Committed.TrySetException(new ConflictException($"Session {id} was answered meanwhile: a session takes one answer.", e));
                continue;
            }
            db.AttestationAppraisals.Add(pending.Appraisal);
            accepted.Add(pending);
        }
        if (accepted.Count == 0) return;
        // Routine verdicts only, so deferred like the single save they replace (ChallengeResponseVerifier.DurabilityOf).
        await _audit.SaveAsync(db, SaveDurability.Deferred);
        foreach (var pending in accepted) pending.Committed.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}

/// <summary>A batch of <see cref="AppraisalCommits"/> failed as a whole; nothing of it was saved.</summary>
public sealed class AppraisalBatchFailedException(Exception inner) : Exception("A batch of appraisals failed as a whole.", inner);
