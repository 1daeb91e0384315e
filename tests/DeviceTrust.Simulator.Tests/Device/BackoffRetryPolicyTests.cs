using System.Net;
using DeviceTrust.Simulator.Device;
using Microsoft.AspNetCore.SignalR.Client;

namespace DeviceTrust.Simulator.Tests.Device;

public sealed class BackoffRetryPolicyTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Fact]
    public void GetDelay_NoJitter_DoublesUntilCapped()
    {
        var policy = new BackoffRetryPolicy(Initial, Max, jitter: 0, new Random(1));

        var delays = Enumerable.Range(0, 8).Select(attempt => policy.GetDelay(attempt).TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], delays);
    }

    [Fact]
    public void GetDelay_ManyAttempts_NeverExceedsCap()
    {
        var policy = new BackoffRetryPolicy(Initial, Max, jitter: 0.5, new Random(2));

        foreach (var attempt in new[] { 10, 31, 32, 100, int.MaxValue })
        {
            Assert.InRange(policy.GetDelay(attempt), TimeSpan.FromSeconds(15), Max);
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(2, 4)]
    [InlineData(4, 16)]
    public void GetDelay_WithJitter_StaysWithinJitterBoundsAndVaries(int attempt, double nominalSeconds)
    {
        var policy = new BackoffRetryPolicy(Initial, Max, jitter: 0.2, new Random(3));

        var delays = Enumerable.Range(0, 500).Select(_ => policy.GetDelay(attempt).TotalSeconds).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, nominalSeconds * 0.8, nominalSeconds * 1.2));
        Assert.True(delays.Distinct().Count() > 100, "jitter should spread the delays");
        Assert.True(delays.Min() < nominalSeconds * 0.9 && delays.Max() > nominalSeconds * 1.1);
    }

    [Fact]
    public void NextRetryDelay_TransientFailure_ReturnsBackoffDelay()
    {
        var policy = new BackoffRetryPolicy(Initial, Max, jitter: 0, new Random(4));

        var failure = new HttpRequestException("down", null, HttpStatusCode.BadGateway);

        var delay = policy.NextRetryDelay(Context(3, failure));

        Assert.Equal(TimeSpan.FromSeconds(8), delay);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public void NextRetryDelay_CredentialsRefused_GivesUpAndReports(HttpStatusCode status)
    {
        Exception? reported = null;
        var policy = new BackoffRetryPolicy(Initial, Max, 0.2, new Random(5), onRejected: ex => reported = ex);
        var refusal = new AggregateException(new HttpRequestException("refused", null, status));

        var delay = policy.NextRetryDelay(Context(0, refusal));

        Assert.Null(delay);
        Assert.Same(refusal, reported);
    }

    [Fact]
    public void Constructor_MaxBelowInitial_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new BackoffRetryPolicy(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)));
    }

    private static RetryContext Context(long previousRetries, Exception reason) => new()
    {
        PreviousRetryCount = previousRetries,
        ElapsedTime = TimeSpan.FromSeconds(previousRetries),
        RetryReason = reason,
    };
}
