using DeviceTrust.Application.Attestation.Verifier;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeviceTrust.Infrastructure.Attestation;

/// <summary>Runs <see cref="SessionPruning"/> every minute.</summary>
internal sealed class SessionPruner(SessionPruning pruning, TimeProvider time, ILogger<SessionPruner> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var deleted = await pruning.PruneAsync(stoppingToken);
                    if (deleted > 0) logger.LogInformation("Deleted {Count} attestation sessions nobody answered", deleted);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next tick tries again; a failed prune loses nothing.
                    logger.LogWarning(e, "Pruning attestation sessions failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
