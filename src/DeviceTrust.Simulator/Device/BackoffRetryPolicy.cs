using Microsoft.AspNetCore.SignalR.Client;

namespace DeviceTrust.Simulator.Device;

/// <summary>
/// Exponential backoff with jitter, used for the first connect and for automatic reconnects. Jitter spreads a fleet
/// that lost the server at the same moment, so it does not come back as one thundering herd. Gives up only when the
/// server refused the credentials: retrying a 401/403 cannot succeed.
/// </summary>
public sealed class BackoffRetryPolicy : IRetryPolicy
{
    private readonly Random _random;
    private readonly Lock _randomGate = new();
    private readonly Action<Exception>? _onRejected;

    /// <param name="jitter">Relative spread of each delay: 0.2 draws it from ±20 % of the nominal delay.</param>
    /// <param name="onRejected">Called when a reconnect attempt was refused and the policy gives up.</param>
    public BackoffRetryPolicy(
        TimeSpan initialDelay,
        TimeSpan maxDelay,
        double jitter = 0.2,
        Random? random = null,
        Action<Exception>? onRejected = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initialDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, initialDelay);
        ArgumentOutOfRangeException.ThrowIfNegative(jitter);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(jitter, 1);

        InitialDelay = initialDelay;
        MaxDelay = maxDelay;
        Jitter = jitter;
        _random = random ?? new Random();
        _onRejected = onRejected;
    }

    public TimeSpan InitialDelay { get; }

    public TimeSpan MaxDelay { get; }

    public double Jitter { get; }

    /// <summary>The delay before the next attempt after <paramref name="failedAttempts"/> failures.</summary>
    public TimeSpan GetDelay(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(failedAttempts);

        // The exponent is bounded so the double stays finite; the cap is reached long before.
        var nominal = Math.Min(
            MaxDelay.TotalMilliseconds,
            InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failedAttempts, 32)));

        double spread;
        lock (_randomGate)
        {
            spread = (2 * _random.NextDouble()) - 1;
        }

        var jittered = nominal * (1 + (Jitter * spread));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, MaxDelay.TotalMilliseconds));
    }

    public TimeSpan? NextRetryDelay(RetryContext retryContext)
    {
        if (ConnectionFailures.IsRejection(retryContext.RetryReason))
        {
            _onRejected?.Invoke(retryContext.RetryReason!);
            return null;
        }

        return GetDelay((int)Math.Min(retryContext.PreviousRetryCount, int.MaxValue));
    }
}
