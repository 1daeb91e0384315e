using DeviceTrust.Application.Updates.Rollouts;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Web.Updates;

/// <summary>Runs the rollout conductor every <see cref="RolloutOptions.TickSeconds"/> on the app's clock (an accelerated one in what-if runs).</summary>
internal sealed class RolloutConductorService(RolloutConductor conductor, IOptions<RolloutOptions> options, TimeProvider time,
    ILogger<RolloutConductorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.TickSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await conductor.TickAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next tick looks again: the database holds where every rollout is.
                    logger.LogWarning(e, "A rollout tick failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
