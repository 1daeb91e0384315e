using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DeviceTrust.Bench;

/// <summary>
/// Polls <c>SELECT COUNT(*) FROM TelemetrySamples</c> in the app's database from before the first send, so the time
/// of the last increase is known to within a poll however the writer's batches fall.
/// </summary>
internal sealed class PersistedCount : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// On a busy 2-core machine one batch of 2,000 rows has taken over 5 s, so a shorter quiet period would take a
    /// slow batch for the end of the backlog and report rows still queued as lost.
    /// </summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(5);

    private readonly string _connectionString;
    private readonly long _baseline;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;
    private long _count;
    private long _lastIncreaseAt;

    private PersistedCount(string connectionString, long baseline)
    {
        _connectionString = connectionString;
        _baseline = baseline;
        _lastIncreaseAt = Stopwatch.GetTimestamp();
        _polling = PollAsync(_stop.Token);
    }

    /// <summary>Samples persisted since the watch started.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary><see cref="Stopwatch"/> timestamp of the last poll that saw the count grow.</summary>
    public long LastIncreaseAt => Interlocked.Read(ref _lastIncreaseAt);

    public static async Task<PersistedCount> StartAsync(string databasePath)
    {
        // Read-only and unpooled: the driver must not take write locks from the app or hold the file after the run.
        var connectionString = $"Data Source={databasePath};Mode=ReadOnly;Pooling=False";
        return new PersistedCount(connectionString, await CountAsync(connectionString));
    }

    /// <summary>
    /// Waits until every sent sample is in, or the count has stopped growing, or the drain timeout passes; returns
    /// the count.
    /// </summary>
    public async Task<long> WaitForDrainAsync(long sent)
    {
        var started = Stopwatch.GetTimestamp();
        while (Count < sent
               && !_polling.IsCompleted
               && Stopwatch.GetElapsedTime(LastIncreaseAt) < QuietPeriod
               && Stopwatch.GetElapsedTime(started) < DrainTimeout)
        {
            await Task.Delay(PollInterval);
        }

        // A count that cannot be read fails the run rather than passing for "nothing persisted".
        if (_polling.IsFaulted) await _polling;
        return Count;
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var count = await CountAsync(_connectionString) - _baseline;
                if (count > Count)
                {
                    Interlocked.Exchange(ref _lastIncreaseAt, Stopwatch.GetTimestamp());
                    Interlocked.Exchange(ref _count, count);
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<long> CountAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM TelemetrySamples";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _polling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
