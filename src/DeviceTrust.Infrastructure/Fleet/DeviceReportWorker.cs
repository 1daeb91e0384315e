using DeviceTrust.Application.Fleet.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Infrastructure.Fleet;

/// <summary>
/// Drains the report queue in batches: it waits for a first report, collects more for up to the batch window
/// (or until the batch is full) and writes them in one transaction.
/// </summary>
internal sealed class DeviceReportWorker(
    ChannelDeviceReportQueue queue, DeviceReportBatchWriter writer, IOptions<FleetOptions> options, ILogger<DeviceReportWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = queue.Reader;
        var batch = new List<DeviceReport>(options.Value.MaxBatchSize);
        var window = TimeSpan.FromMilliseconds(options.Value.BatchWindowMilliseconds);
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                using (var fill = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    fill.CancelAfter(window);
                    try
                    {
                        while (batch.Count < options.Value.MaxBatchSize)
                        {
                            while (batch.Count < options.Value.MaxBatchSize && reader.TryRead(out var report)) batch.Add(report);
                            if (batch.Count >= options.Value.MaxBatchSize || !await reader.WaitToReadAsync(fill.Token)) break;
                        }
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        // The window closed: write what we have.
                    }
                }

                await WriteAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(List<DeviceReport> batch, CancellationToken stoppingToken)
    {
        try
        {
            await writer.WriteAsync(batch, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Telemetry is best-effort: a failed batch is logged and dropped, the next one is tried afresh.
            logger.LogError(e, "Writing a batch of {Count} device reports failed", batch.Count);
        }
    }
}
