using DeviceTrust.Application.Attestation.Verifier;

namespace DeviceTrust.Web.Hubs;

/// <summary>
/// Asks connected devices to attest again when their class's re-attestation interval has passed since their latest
/// verdict (<see cref="AttestationRequests.AskDueAsync"/>). A device that connects is asked at once by the hub; this
/// covers the ones that stay connected.
/// </summary>
internal sealed class AttestationScheduler(AttestationRequests requests, DeviceConnections connections, TimeProvider time, ILogger<AttestationScheduler> logger)
    : BackgroundService
{
    /// <summary>How often the schedule is looked at; the shortest class interval allowed is a minute.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var asked = await requests.AskDueAsync(connections.Connected(), stoppingToken);
                    if (asked > 0) logger.LogInformation("Asked {Count} connected devices to attest again", asked);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next tick asks again.
                    logger.LogWarning(e, "Asking devices to attest on schedule failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
