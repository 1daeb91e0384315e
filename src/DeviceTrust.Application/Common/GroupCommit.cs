using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Application.Common;

/// <summary>
/// A group commit. The database takes one write at a time and the audit chain one append at a time, so under load every
/// caller that saves alone waits its turn for each flush before its own. Here callers hand in what they would have saved
/// and wait; one loop takes every item waiting (at most <see cref="MaxBatch"/>) and gives them to the commit in one call,
/// which saves them in one transaction. The commit decides per item: it may refuse one (<see cref="Entry.Refuse"/>), which
/// fails that caller alone; every other caller returns once the commit has returned, its item saved. A commit that
/// throws saved nothing: each caller still waiting gets <see cref="GroupCommitFailedException"/> and may save alone.
/// </summary>
/// <typeparam name="T">What one caller hands in.</typeparam>
public sealed class GroupCommit<T> : IAsyncDisposable
{
    /// <summary>The most items one transaction takes; the rest wait for the next.</summary>
    public const int MaxBatch = 64;

    private readonly Func<IReadOnlyList<Entry>, Task> _commit;
    private readonly ILogger _logger;
    private readonly string _what;
    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    /// <param name="commit">Saves the batch in one transaction, refusing the items it cannot take.</param>
    /// <param name="what">What the items are, for the log: "device reports".</param>
    public GroupCommit(Func<IReadOnlyList<Entry>, Task> commit, ILogger logger, string what)
    {
        _commit = commit;
        _logger = logger;
        _what = what;
        _loop = Task.Run(CommitLoopAsync);
    }

    /// <summary>One caller's item in a batch.</summary>
    public sealed class Entry(T item)
    {
        internal TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public T Item { get; } = item;

        /// <summary>The commit does not take this item: its caller fails with <paramref name="reason"/>, the others go on.</summary>
        public void Refuse(Exception reason) => Done.TrySetException(reason);
    }

    /// <summary>Returns once <paramref name="item"/> is committed with its batch.</summary>
    /// <exception cref="GroupCommitFailedException">The batch failed as a whole; nothing of it was saved.</exception>
    /// <remarks>Other exceptions are those the commit refused the item with.</remarks>
    public Task CommitAsync(T item, CancellationToken cancellationToken = default)
    {
        var entry = new Entry(item);
        if (!_queue.Writer.TryWrite(entry))
            throw new InvalidOperationException($"No more {_what} are taken: the app is shutting down.");
        // A caller that gives up does not take its item back: it is committed (or refused) with its batch.
        return entry.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task CommitLoopAsync()
    {
        var batch = new List<Entry>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var entry)) batch.Add(entry);
            try
            {
                await _commit(batch);
                foreach (var entry in batch) entry.Done.TrySetResult();
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "A batch of {Count} {What} failed as a whole; each is saved again alone", batch.Count, _what);
                foreach (var entry in batch) entry.Done.TrySetException(new GroupCommitFailedException(e));
            }
            batch.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}

/// <summary>A batch of a <see cref="GroupCommit{T}"/> failed as a whole; nothing of it was saved.</summary>
public sealed class GroupCommitFailedException(Exception inner) : Exception("A batch failed as a whole; nothing of it was saved.", inner);
