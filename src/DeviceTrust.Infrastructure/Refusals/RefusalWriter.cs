using DeviceTrust.Application.Refusals;
using DeviceTrust.Application.Refusals.RecordRefusals;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Infrastructure.Refusals;

/// <summary>
/// Writes refusals in windows: from the first refusal it waits <see cref="RefusalOptions.FlushIntervalMilliseconds"/>
/// (or until <see cref="RefusalOptions.MaxKeysPerWrite"/> distinct keys are waiting), coalescing identical ones in memory,
/// then writes each key once. A flood of one request costs one row update per window, not one write per packet.
/// </summary>
internal sealed class RefusalWriter(
    ChannelRefusalRecorder recorder, RecordRefusalsHandler handler, RefusalMetrics metrics, TimeProvider time, IOptions<RefusalOptions> options,
    ILogger<RefusalWriter> logger) : BackgroundService
{
    private long _droppedReported;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = recorder.Reader;
        var batch = new RefusalBatch();
        var window = TimeSpan.FromMilliseconds(options.Value.FlushIntervalMilliseconds);
        var maxKeys = options.Value.MaxKeysPerWrite;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                var windowClosed = Task.Delay(window, time, stoppingToken);
                while (true)
                {
                    while (batch.KeyCount < maxKeys && reader.TryRead(out var report)) batch.Add(report);
                    if (batch.KeyCount >= maxKeys) break;
                    // More refusals, or the end of the window, whichever comes first.
                    if (await Task.WhenAny(reader.WaitToReadAsync(stoppingToken).AsTask(), windowClosed) == windowClosed) break;
                }

                await WriteAsync(batch.Take(), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(IReadOnlyList<CoalescedRefusal> coalesced, CancellationToken stoppingToken)
    {
        try
        {
            await handler.WriteAsync(coalesced, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Recording refusals is best-effort: the requests were answered already; a failed window is logged and dropped.
            logger.LogError(e, "Recording {Count} refusals failed", coalesced.Count);
        }

        var dropped = metrics.Dropped;
        if (dropped > _droppedReported)
        {
            logger.LogWarning("The refusal queue was full: {Dropped} refusals dropped since the last warning", dropped - _droppedReported);
            _droppedReported = dropped;
        }
    }
}
